package dev.tributary.sync.inventory;

import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.InMemorySyncPersist;
import dev.tributary.sync.SyncPeer;
import dev.tributary.chain.store.SyncPersist;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.wire.DecodeResult;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.chain.message.TxMessage;
import java.util.Optional;
import java.util.Random;

/**
 * A blocks-first node without a network: a regtest {@link ChainState}, its {@link BitcoinBlockGraph} and the
 * real {@link InventorySync}. Messages come in through {@link #receive}, routed as {@code net.InventoryProtocol}
 * routes them. {@link #link} joins two such nodes with a pair of {@link FakeSyncPeer}s whose messages are
 * encoded, decoded and delivered as {@link ManualScheduler} timers, so both sides run their real logic.
 */
final class InventoryTestNode {
    static final int PROTOCOL_VERSION = 70015;

    final String name;
    final ManualScheduler scheduler;
    final ChainState chain;
    final BitcoinBlockGraph graph;
    final InventorySync<Block, GetBlocksMessage> sync;

    InventoryTestNode(String name, ManualScheduler scheduler, SyncPersist persist, InventoryConfig config, long seed) {
        this.name = name;
        this.scheduler = scheduler;
        this.chain = ChainState.open(NetworkParameters.REGTEST, persist, Optional.empty());
        this.graph = new BitcoinBlockGraph(chain, scheduler, PROTOCOL_VERSION);
        this.sync = new InventorySync<>(graph, scheduler, config, new Random(seed));
    }

    static InventoryTestNode regtest(String name, ManualScheduler scheduler, InventoryConfig config) {
        return new InventoryTestNode(name, scheduler, InMemorySyncPersist.create("regtest"), config, name.hashCode());
    }

    static InventoryConfig config() {
        return InventoryConfig.forNetwork(NetworkParameters.REGTEST);
    }

    /** A message from {@code peer}. */
    void receive(SyncPeer peer, Message m) {
        if (m instanceof InvMessage inv) {
            sync.onInv(peer, inv.items());
        } else if (m instanceof HeadersMessage h) {
            sync.onBlockAnnouncement(peer, h.headers().stream().map(BlockHeader::hash).toList());
        } else if (m instanceof BlockMessage b) {
            sync.onBlock(peer, b.block());
        } else if (m instanceof TxMessage tx) {
            sync.onTransaction(peer, tx.transaction());
        } else if (m instanceof NotFoundMessage nf) {
            sync.onNotFound(peer, nf.items());
        } else if (m instanceof GetBlocksMessage gb) {
            sync.onGetBlocks(peer, gb);
        } else if (m instanceof GetDataMessage gd) {
            sync.onGetData(peer, gd.items());
        }
    }

    /** The two ends of a link: {@code a}'s view of {@code b} and {@code b}'s view of {@code a}. */
    record Link(FakeSyncPeer aSeesB, FakeSyncPeer bSeesA) {
    }

    /** Connects two nodes (handshake done, heights exchanged as in {@code version}); both prefer headers if asked. */
    static Link link(InventoryTestNode a, InventoryTestNode b, long latencyMillis, boolean sendHeaders) {
        FakeSyncPeer aSeesB = FakeSyncPeer.named(b.name).withBestKnownHeight(b.graph.height())
                .preferringHeaderAnnouncements(sendHeaders);
        FakeSyncPeer bSeesA = FakeSyncPeer.named(a.name).withBestKnownHeight(a.graph.height())
                .preferringHeaderAnnouncements(sendHeaders);
        aSeesB.onSend(m -> a.scheduler.schedule(() -> b.deliver(bSeesA, m), latencyMillis));
        bSeesA.onSend(m -> a.scheduler.schedule(() -> a.deliver(aSeesB, m), latencyMillis));
        aSeesB.onDisconnect(r -> {
            bSeesA.disconnect(r);
            a.sync.onPeerGone(aSeesB);
            b.sync.onPeerGone(bSeesA);
        });
        a.sync.onPeerReady(aSeesB);
        b.sync.onPeerReady(bSeesA);
        return new Link(aSeesB, bSeesA);
    }

    /** Encodes and decodes, as a connection would, then handles it. */
    private void deliver(FakeSyncPeer from, Message m) {
        if (!from.isConnected()) {
            return;
        }
        DecodeResult r = BitcoinMessages.codec().decode(m.command(), m.payload());
        if (r instanceof DecodeResult.Decoded d) {
            receive(from, d.message());
        } else {
            throw new AssertionError("undecodable " + m.command() + ": " + r);
        }
    }

    int height() {
        return graph.height();
    }
}
