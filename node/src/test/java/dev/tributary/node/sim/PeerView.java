package dev.tributary.node.sim;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.sync.SyncPeer;
import dev.tributary.wire.Message;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One node's view of its peer on another host, read from the node's real peer manager: the {@link Peer} (its id,
 * misbehaviour score, whether it is connected), why it went, the misbehaviour reasons given (from peer events), and
 * what the node sent it ({@link Traffic}). What a test asks of a peer, without a fake peer in the node.
 */
public final class PeerView {
    private final SimNode viewer;
    private final InetAddress remote;
    private final Traffic traffic;
    private final List<String> misbehaviour = new ArrayList<>();
    private Peer peer;
    private String goneReason;

    /** Starts watching {@code viewer}'s peers on {@code remote} (the viewer must be running). */
    PeerView(SimNode viewer, InetAddress remote, Traffic traffic) {
        this.viewer = viewer;
        this.remote = remote;
        this.traffic = traffic;
        viewer.node().addPeerListener(new PeerListener() {
            @Override
            public void onPeerReady(Peer p) {
                if (ours(p)) {
                    peer = p;
                    goneReason = null;
                }
            }

            @Override
            public void onPeerGone(Peer p, String reason) {
                if (p == peer) {
                    goneReason = reason;
                }
            }

            @Override
            public void onMisbehaviour(Peer p, int points, String reason) {
                if (ours(p)) {
                    misbehaviour.add(points + ": " + reason);
                }
            }
        });
    }

    private boolean ours(Peer p) {
        return p.address().getAddress().equals(remote);
    }

    /** Whether the handshake with the peer completed (and it has not gone since). */
    public boolean isReady() {
        return peer != null && peer.isReady() && peer.isConnected();
    }

    /** Whether the handshake with the peer ever completed (it may have gone since). */
    public boolean wasReady() {
        return peer != null;
    }

    /** The node's peer; fails when the handshake never completed. */
    public Peer peer() {
        if (peer == null) {
            throw new IllegalStateException(viewer.name() + " has no peer on " + remote.getHostAddress());
        }
        return peer;
    }

    /** The peer as the node's synchronizers see it. */
    public SyncPeer syncPeer() {
        return NetworkSyncPeer.of(peer());
    }

    /** Whether {@code p} is this peer, as a synchronizer holds it. */
    public boolean is(SyncPeer p) {
        return p instanceof NetworkSyncPeer n && n.peer() == peer;
    }

    public long id() {
        return peer().id();
    }

    public boolean isConnected() {
        return peer != null && peer.isConnected();
    }

    /** Why the peer went: the node's reason when it dropped it, else what closed the connection; empty while connected. */
    public Optional<String> disconnectReason() {
        if (peer == null || peer.isConnected()) {
            return Optional.empty();
        }
        return Optional.ofNullable(peer.disconnectReason() != null ? peer.disconnectReason() : goneReason);
    }

    public int misbehaviourScore() {
        return peer().misbehaviourScore();
    }

    /** One line per misbehaviour the node found: {@code "<points>: <reason>"}. */
    public List<String> misbehaviourReasons() {
        return List.copyOf(misbehaviour);
    }

    /** Every message the node sent the peer's host, in order. */
    public List<Message> sent() {
        return traffic.between(viewer.host(), remote);
    }

    public <T extends Message> List<T> sent(Class<T> type) {
        return sent().stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends Message> Optional<T> lastSent(Class<T> type) {
        List<T> all = sent(type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public List<GetDataMessage> getDataMessages() {
        return sent(GetDataMessage.class);
    }

    /** Every hash the node asked for by {@code getdata}, in order (a hash asked twice appears twice). */
    public List<Hash> getDataRequests() {
        return getDataMessages().stream().flatMap(m -> m.items().stream()).map(InventoryItem::hash).toList();
    }

    /** The hashes of the last {@code getdata}; empty when none was sent. */
    public List<Hash> lastGetData() {
        return lastSent(GetDataMessage.class).map(m -> m.items().stream().map(InventoryItem::hash).toList())
                .orElse(List.of());
    }

    /** Runs {@code hook} on each message the node sends the peer from now on, as it is sent. */
    public PeerView onSend(Consumer<Message> hook) {
        traffic.onSend(viewer.host(), remote, hook);
        return this;
    }

    @Override
    public String toString() {
        return viewer.name() + "'s view of " + remote.getHostAddress();
    }
}
