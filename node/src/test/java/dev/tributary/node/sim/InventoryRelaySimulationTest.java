package dev.tributary.net;

import dev.tributary.sync.inventory.InventoryProtocol;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.InMemorySyncPersist;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.chain.store.ForwardingSyncPersist;
import dev.tributary.chain.store.SyncPersist;
import dev.tributary.sync.inventory.Acceptance;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.Block;
import dev.tributary.wire.MessageCodec;
import dev.tributary.chain.Transaction;
import dev.tributary.net.bitcoin.VersionMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Blocks-first nodes ({@link InventoryProtocol}) with real peer managers on an in-memory network, on one
 * thread in virtual time: blocks and transactions made on the first node of a line reach the last by relay.
 */
class InventoryRelaySimulationTest {
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    private static final long START_TIME = 1_600_000_000L;

    private final ManualScheduler scheduler = new ManualScheduler(1_700_000_000_000L);
    private final InMemoryNetwork network = new InMemoryNetwork(5);

    private record SimNode(ChainState chain, CountingPersist store, InventoryProtocol protocol, InetSocketAddress address) {
    }

    private SimNode node(List<InetSocketAddress> connect, int seed) throws Exception {
        CountingPersist store = new CountingPersist(InMemorySyncPersist.create(REGTEST.name()));
        ChainState chain = ChainState.open(REGTEST, store, Optional.empty());
        NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(0)).withConnect(connect)
                .withSeeds(List.of(), false);
        InMemoryNetwork.Endpoint transport = network.endpoint(scheduler);
        PeerManager peers = new PeerManager(net, transport, scheduler);
        InventoryProtocol protocol = new InventoryProtocol(chain, scheduler,
                InventoryConfig.forNetwork(REGTEST).withAllowUnrequestedBlocks(false), new Random(seed));
        peers.add(BitcoinNetworks.forChain(REGTEST, net, scheduler, () -> chain.blockTip().height(),
                VersionMessage.NODE_NETWORK | VersionMessage.NODE_WITNESS, new Random(seed)).module(protocol).build());
        peers.start();
        scheduler.runPending();
        return new SimNode(chain, store, protocol, peers.listeningAddress());
    }

    private void runUntil(BooleanSupplier done, long maxMillis) {
        long waited = 0;
        while (!done.getAsBoolean() && waited < maxMillis) {
            scheduler.advance(50);
            waited += 50;
        }
        assertThat(done.getAsBoolean()).as("done within %d virtual ms", maxMillis).isTrue();
    }

    @Test
    void blocksAndTransactionsMadeOnTheFirstOfFiveNodesInALineReachTheLastOnceEach() throws Exception {
        List<SimNode> line = new ArrayList<>();
        line.add(node(List.of(), 1));
        for (int i = 1; i < 5; i++) {
            line.add(node(List.of(line.get(i - 1).address()), i + 1));
        }
        runUntil(() -> line.stream().allMatch(n -> n.protocol().sync().connectedPeers().size() == (n == line.get(0)
                || n == line.get(4) ? 1 : 2)), 10_000);
        SimNode first = line.get(0);
        SimNode last = line.get(4);

        ChainBuilder builder = ChainBuilder.regtest(11, START_TIME);
        for (Block b : builder.extendTip(20)) {
            assertThat(first.protocol().sync().submitBlock(b)).isInstanceOf(Acceptance.Connected.class);
            scheduler.advance(10);
        }
        runUntil(() -> last.chain().blockTip().height() == 20, 60_000);

        Transaction tx = builder.transaction(250, false);
        assertThat(first.protocol().sync().submitTransaction(tx)).isTrue();
        runUntil(() -> last.protocol().sync().mempool().contains(tx.txid()), 10_000);
        assertThat(line).allMatch(n -> n.protocol().sync().mempool().contains(tx.txid()));

        Block confirming = builder.mine(builder.tip(), List.of(tx));
        first.protocol().sync().submitBlock(confirming);
        runUntil(() -> last.chain().blockTip().height() == 21, 10_000);
        runUntil(() -> line.stream().allMatch(n -> n.protocol().sync().mempool().size() == 0), 10_000);

        HeaderSyncData tip = first.chain().blockTip();
        for (SimNode n : line) {
            assertThat(n.chain().blockTip()).isEqualTo(tip);
            assertThat(n.store().bodyWrites().values()).as("each block stored once").allMatch(c -> c == 1);
            assertThat(n.store().bodyWrites()).hasSize(22); // genesis and 21 blocks
            assertThat(StoreConsistencyCheck.check(n.chain().persist())).isEmpty();
        }
    }

    /** A store that counts body writes per block. */
    static final class CountingPersist extends ForwardingSyncPersist {
        private final Map<Hash, Integer> bodyWrites = new HashMap<>();

        CountingPersist(SyncPersist delegate) {
            super(delegate);
        }

        Map<Hash, Integer> bodyWrites() {
            return bodyWrites;
        }

        @Override
        public void saveBlock(Hash hash, byte[] serializedBlock) {
            bodyWrites.merge(hash, 1, Integer::sum);
            super.saveBlock(hash, serializedBlock);
        }

        @Override
        public void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, Hash newBlockTip) {
            bodyWrites.merge(hash, 1, Integer::sum);
            super.saveBlockAndSetBlockTip(hash, serializedBlock, newBlockTip);
        }
    }
}
