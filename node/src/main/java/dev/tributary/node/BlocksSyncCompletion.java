package dev.tributary.node;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Cancellable;
import dev.tributary.net.HostPort;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.sync.SyncListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Decides when a blocks-first node is current with its peers, the end of {@code sync --sync-mode blocks}:
 * every expected peer has been handshaked, some peer is connected, and the node is current in the sense of
 * {@link NodeProtocol#isCurrent()}: its block height is at least every connected peer's best known height (SPEC
 * section 2: sync mode ends there), no block is requested and no orphan waits for a parent. Checked on every
 * handshake, every new block tip and every {@link #CHECK_MILLIS} on the engine thread.
 *
 * <p>A peer lost after its handshake is not a failure while another remains: inventory sync replaces a
 * stalled or lost sync peer with another. It fails, rather than waiting for ever, when:
 * <ul>
 *   <li>an expected peer cannot be reached, or closes, before its first handshake;</li>
 *   <li>a lost peer cannot be redialled and no peer is left;</li>
 *   <li>a peer is higher than us and no connected peer serves blocks (no NODE_NETWORK).</li>
 * </ul>
 */
final class BlocksSyncCompletion implements PeerListener, SyncListener {
    /** How often the node's state is checked besides the events. */
    static final long CHECK_MILLIS = 200;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BlocksSyncCompletion.class);

    private final Node node;
    private final Set<InetSocketAddress> expected;
    private final Set<InetSocketAddress> everReady = new HashSet<>();
    private final CompletableFuture<HeaderSyncData> done = new CompletableFuture<>();
    private Cancellable timer = Cancellable.NONE;

    private BlocksSyncCompletion(Node node, Collection<InetSocketAddress> expected) {
        this.node = node;
        this.expected = Set.copyOf(expected);
    }

    /** Starts watching; the future completes with the block tip once current. */
    static CompletableFuture<HeaderSyncData> watch(Node node, Collection<InetSocketAddress> peers) {
        BlocksSyncCompletion c = new BlocksSyncCompletion(node, peers);
        node.addPeerListener(c);
        node.execute(() -> {
            node.chain().addListener(c);
            c.tick();
        });
        c.done.whenComplete((tip, failure) -> node.execute(c.timer::cancel));
        return c.done;
    }

    private void tick() {
        check();
        if (!done.isDone()) {
            timer = node.engine().schedule(this::tick, CHECK_MILLIS);
        }
    }

    @Override
    public void onPeerReady(Peer peer) {
        everReady.add(peer.address());
        check();
    }

    @Override
    public void onNewBlockTip(HeaderSyncData tip) {
        check();
    }

    @Override
    public void onConnectFailed(InetSocketAddress address, String reason) {
        if (!expected.contains(address) || done.isDone()) {
            return;
        }
        if (!everReady.contains(address)) {
            done.completeExceptionally(new IOException(SyncCompletion.unreachable(address, reason)));
        } else if (node.peers().readyPeers().isEmpty()) {
            done.completeExceptionally(new IOException("lost the connection to " + HostPort.of(address)
                    + " and cannot reconnect, and no other peer is left: " + reason));
        }
    }

    private void check() {
        if (done.isDone()) {
            return;
        }
        String waitingFor = waitingFor();
        if (waitingFor == null) {
            done.complete(node.chain().blockTip());
            return;
        }
        String stuck = stuck();
        if (stuck != null) {
            done.completeExceptionally(new IOException(stuck));
            return;
        }
        log.trace("not current yet: {}", waitingFor);
    }

    /** What the node still waits for, or null when it is current. */
    private String waitingFor() {
        for (InetSocketAddress a : expected) {
            if (!everReady.contains(a)) {
                return "the handshake of " + HostPort.of(a);
            }
        }
        if (node.peers().readyPeers().isEmpty()) {
            return "any peer";
        }
        return node.protocol().isCurrent() ? null : "blocks (height " + node.chain().blockTip().height() + ")";
    }

    /** Why the blocks can no longer be had, or null while they can. */
    private String stuck() {
        List<Peer> ready = List.copyOf(node.peers().readyPeers());
        int ours = node.chain().blockTip().height();
        boolean behind = ready.stream().anyMatch(p -> p.bestKnownHeight() > ours);
        if (!ready.isEmpty() && behind && ready.stream().noneMatch(Peer::servesBlocks)) {
            return "no peer to download blocks from: " + ready.stream().map(Peer::label).collect(Collectors.joining(", "))
                    + (ready.size() == 1 ? " does" : " do") + " not serve blocks (no NODE_NETWORK: headers only)";
        }
        return null;
    }
}
