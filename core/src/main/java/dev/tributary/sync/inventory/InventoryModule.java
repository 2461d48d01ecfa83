package dev.tributary.sync.inventory;

import dev.tributary.engine.Scheduler;
import dev.tributary.net.MessageDispatcher;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerModule;
import dev.tributary.net.PeerNetwork;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.sync.SyncPeer;
import dev.tributary.wire.Message;
import java.util.Random;

/**
 * What every blocks-first protocol module shares: it owns an {@link InventorySync} over its graph, forwards the
 * network's peer lifecycle events to it (each peer seen through its {@link NetworkSyncPeer}), and stops its timer
 * with the node. A subclass registers its messages and their handlers. Engine thread only.
 *
 * @param <B> the block type
 * @param <Q> the graph's {@code getblocks} message
 */
public abstract class InventoryModule<B, Q extends Message> implements PeerModule, PeerListener {
    private final InventorySync<B, Q> sync;

    protected InventoryModule(BlockGraph<B, Q> graph, Scheduler scheduler, InventoryConfig config, Random random) {
        this.sync = new InventorySync<>(graph, scheduler, config, random);
    }

    @Override
    public final void install(PeerNetwork network) {
        registerHandlers(network.dispatcher());
        network.addListener(this);
    }

    /** Registers the handlers of the module's messages. */
    protected abstract void registerHandlers(MessageDispatcher dispatcher);

    @Override
    public void onPeerReady(Peer peer) {
        sync.onPeerReady(view(peer));
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        sync.onPeerGone(view(peer));
    }

    @Override
    public void onPeerWritable(Peer peer) {
        sync.onWritable(view(peer));
    }

    @Override
    public void stop() {
        sync.stop();
    }

    /** The sync itself: state, {@code submitBlock}, {@code submitTransaction}. */
    public InventorySync<B, Q> sync() {
        return sync;
    }

    private static SyncPeer view(Peer peer) {
        return NetworkSyncPeer.of(peer);
    }
}
