package dev.tributary.sync.inventory;

import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.message.DagGetDataMessage;
import dev.tributary.dag.message.DagInvMessage;
import dev.tributary.dag.message.DagMessages;
import dev.tributary.dag.message.DagNotFoundMessage;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.store.DagStore;
import dev.tributary.sync.SyncPeer;
import dev.tributary.testing.CountingKeyValueStore;
import dev.tributary.testing.DagBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.Message;
import dev.tributary.chain.message.TxMessage;
import java.util.Random;

/**
 * A dagtest node without a network: a {@link DagBlockGraph} on a counting in-memory store and the real
 * {@link InventorySync}. Messages come in through {@link #receive}, routed as {@code net.DagInventoryProtocol}
 * routes them; {@link #link} joins two nodes with {@link FakeSyncPeer}s whose messages go through the dagtest
 * codec and arrive as {@link ManualScheduler} timers.
 */
final class DagTestNode {
    static final DagParameters PARAMS = DagParameters.DAGTEST;
    static final int PROTOCOL_VERSION = 70015;

    final String name;
    final CountingKeyValueStore store = new CountingKeyValueStore('b');
    final DagBlockGraph graph;
    final InventorySync<DagBlock, DagGetBlocksMessage> sync;
    private final ManualScheduler scheduler;

    DagTestNode(String name, ManualScheduler scheduler, InventoryConfig config) {
        this.name = name;
        this.scheduler = scheduler;
        this.graph = DagBlockGraph.open(DagStore.open(store, PARAMS), PARAMS, scheduler, PROTOCOL_VERSION);
        this.sync = new InventorySync<>(graph, scheduler, config, new Random(name.hashCode()));
    }

    /** A scheduler whose clock reads the time {@code DagBuilder} gives its blocks. */
    static ManualScheduler scheduler() {
        return new ManualScheduler(DagBuilder.time() * 1000);
    }

    static InventoryConfig config() {
        return InventoryConfig.forDag(PARAMS);
    }

    void receive(SyncPeer peer, Message m) {
        if (m instanceof DagInvMessage inv) {
            sync.onInv(peer, DagInventoryDialect.toInternal(inv.items()));
        } else if (m instanceof DagBlockMessage b) {
            sync.onBlock(peer, b.block());
        } else if (m instanceof TxMessage tx) {
            sync.onTransaction(peer, tx.transaction());
        } else if (m instanceof DagNotFoundMessage nf) {
            sync.onNotFound(peer, DagInventoryDialect.toInternal(nf.items()));
        } else if (m instanceof DagGetBlocksMessage gb) {
            sync.onGetBlocks(peer, gb);
        } else if (m instanceof DagGetDataMessage gd) {
            sync.onGetData(peer, DagInventoryDialect.toInternal(gd.items()));
        } else {
            throw new AssertionError("dagtest sync sent " + m.command());
        }
    }

    record Link(FakeSyncPeer aSeesB, FakeSyncPeer bSeesA) {
    }

    /** Connects two nodes (handshake done, heights exchanged as in {@code version}). */
    static Link link(DagTestNode a, DagTestNode b, long latencyMillis) {
        FakeSyncPeer aSeesB = FakeSyncPeer.named(b.name).withBestKnownHeight(b.graph.height());
        FakeSyncPeer bSeesA = FakeSyncPeer.named(a.name).withBestKnownHeight(a.graph.height());
        aSeesB.onSend(m -> a.scheduler.schedule(() -> b.deliver(bSeesA, m), latencyMillis));
        bSeesA.onSend(m -> a.scheduler.schedule(() -> a.deliver(aSeesB, m), latencyMillis));
        a.sync.onPeerReady(aSeesB);
        b.sync.onPeerReady(bSeesA);
        return new Link(aSeesB, bSeesA);
    }

    private void deliver(FakeSyncPeer from, Message m) {
        if (!from.isConnected()) {
            return;
        }
        DecodeResult r = DagInventoryProtocol.codec().decode(m.command(), m.payload());
        if (r instanceof DecodeResult.Decoded d) {
            receive(from, d.message());
        } else {
            throw new AssertionError("undecodable " + m.command() + ": " + r);
        }
    }
}
