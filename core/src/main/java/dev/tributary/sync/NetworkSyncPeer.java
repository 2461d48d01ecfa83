package dev.tributary.sync;

import dev.tributary.net.Peer;
import dev.tributary.net.PeerStateKey;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.wire.Message;

/**
 * A peer of a Bitcoin-style network as the synchronizers see it: the peer layer's {@link Peer} with what its
 * Bitcoin handshake learned ({@link BitcoinPeer}). One view per peer, kept in the peer's state, so that the
 * synchronizers may key maps by it. Engine thread only.
 */
public final class NetworkSyncPeer implements SyncPeer {
    private static final PeerStateKey<NetworkSyncPeer> KEY = new PeerStateKey<>("sync", NetworkSyncPeer::new);

    private final Peer peer;
    private final BitcoinPeer bitcoin;

    private NetworkSyncPeer(Peer peer) {
        this.peer = peer;
        this.bitcoin = BitcoinPeer.of(peer);
    }

    /** The synchronizers' view of {@code peer}, the same object on every call. */
    public static NetworkSyncPeer of(Peer peer) {
        return peer.state(KEY);
    }

    /** The peer layer's peer behind this view. */
    public Peer peer() {
        return peer;
    }

    @Override
    public long id() {
        return peer.id();
    }

    @Override
    public String label() {
        return peer.label();
    }

    @Override
    public void send(Message message) {
        peer.send(message);
    }

    @Override
    public void disconnect(String reason) {
        peer.disconnect(reason);
    }

    @Override
    public void misbehave(int points, String reason) {
        peer.misbehave(points, reason);
    }

    @Override
    public boolean isConnected() {
        return peer.isConnected();
    }

    @Override
    public int bestKnownHeight() {
        return bitcoin.bestKnownHeight();
    }

    @Override
    public void updateBestKnownHeight(int height) {
        bitcoin.updateBestKnownHeight(height);
    }

    @Override
    public boolean servesBlocks() {
        return bitcoin.servesBlocks();
    }

    @Override
    public boolean servesWitness() {
        return bitcoin.servesWitness();
    }

    @Override
    public boolean prefersHeaderAnnouncements() {
        return bitcoin.prefersHeaderAnnouncements();
    }

    @Override
    public long queuedSendBytes() {
        return peer.queuedSendBytes();
    }

    @Override
    public boolean sendPaused() {
        return peer.sendPaused();
    }

    @Override
    public void noteNovelBlock() {
        peer.noteNovelBlock();
    }

    @Override
    public void noteNovelTransaction() {
        peer.noteNovelTransaction();
    }

    @Override
    public String toString() {
        return peer.toString();
    }
}
