package dev.tributary.net;

import dev.tributary.sync.headers.HeadersFirstProtocol;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.AttachResult;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.InMemorySyncPersist;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.sync.SyncListener;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.Block;
import dev.tributary.wire.MessageCodec;
import dev.tributary.net.bitcoin.VersionMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whole nodes (peer manager, handshake, headers-first sync, block download, serving, announcements) on
 * an in-memory network, all on one thread with virtual time: reproducible, no sockets, no sleeps.
 */
class NetworkSimulationTest {
    private static final NetworkParameters REGTEST = NetworkParameters.forName("regtest");
    private static final long START_TIME = 1_600_000_000L;

    private final ManualScheduler scheduler = new ManualScheduler(1_700_000_000_000L);
    private final InMemoryNetwork network = new InMemoryNetwork(5);
    /** Nodes made so far: each draws its handshake nonces from its own seed, as nodes do. */
    private int nodes;

    private record SimNode(ChainState chain, PeerManager peers, HeadersFirstProtocol protocol, InetSocketAddress address) {
    }

    private SimNode node(List<InetSocketAddress> connect, SyncConfig sync) throws Exception {
        ChainState chain = ChainState.open(REGTEST, InMemorySyncPersist.create(REGTEST.name()), Optional.empty());
        NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(0)).withConnect(connect)
                .withSeeds(List.of(), false);
        InMemoryNetwork.Endpoint transport = network.endpoint(scheduler);
        PeerManager peers = new PeerManager(net, transport, scheduler);
        HeadersFirstProtocol protocol = new HeadersFirstProtocol(chain, scheduler, sync, new SyncListener() { });
        peers.add(BitcoinNetworks.forChain(REGTEST, net, scheduler, () -> chain.blockTip().height(),
                VersionMessage.NODE_NETWORK | VersionMessage.NODE_WITNESS, new Random(++nodes)).module(protocol).build());
        peers.start();
        scheduler.runPending();
        return new SimNode(chain, peers, protocol, peers.listeningAddress());
    }

    private static void load(ChainState chain, List<Block> blocks) {
        HeaderChainAttacher attacher = new HeaderChainAttacher(chain.index());
        for (Block b : blocks) {
            AttachResult r = attacher.attach(List.of(b.header()), START_TIME + 10_000_000);
            chain.recordHeaders(r.accepted(), r.tipChange());
            chain.storeBody(chain.index().get(b.hash()).orElseThrow(), b.serialize());
        }
    }

    private void runUntil(java.util.function.BooleanSupplier done, long maxMillis) {
        long waited = 0;
        while (!done.getAsBoolean() && waited < maxMillis) {
            scheduler.advance(50);
            waited += 50;
        }
        assertThat(done.getAsBoolean()).as("converged within %d virtual ms", maxMillis).isTrue();
    }

    @Test
    void aLineAndAMeshOfNodesAllConvergeOnTheMinersChain() throws Exception {
        ChainBuilder builder = ChainBuilder.regtest(3, START_TIME);
        builder.extend(builder.genesis(), 2500, 2, 300);
        List<Block> blocks = builder.mainChainBlocks();
        SyncConfig sync = SyncConfig.defaults().withWindow(256, 2000);

        SimNode miner = node(List.of(), sync);
        load(miner.chain(), blocks.subList(1, blocks.size()));
        SimNode a = node(List.of(miner.address()), sync);
        SimNode b = node(List.of(a.address()), sync);
        SimNode c = node(List.of(miner.address(), a.address(), b.address()), sync);
        List<SimNode> all = List.of(miner, a, b, c);

        HeaderSyncData target = miner.chain().blockTip();
        runUntil(() -> all.stream().allMatch(n -> n.chain().blockTip().hash().equals(target.hash())), 600_000);

        for (SimNode n : all) {
            assertThat(n.chain().mainTip()).isEqualTo(target);
            assertThat(StoreConsistencyCheck.check(n.chain().persist())).isEmpty();
        }
    }

    /**
     * Regression: a full node served headers beyond the blocks it had, so the next node learned headers
     * from it that no peer could be asked for, and its download waited for the no-peer timeout.
     */
    @Test
    void aNewBlockOnTheMinerReachesTheEndOfALineByAnnouncement() throws Exception {
        ChainBuilder builder = ChainBuilder.regtest(4, START_TIME);
        builder.extend(builder.genesis(), 50);
        List<Block> blocks = new ArrayList<>(builder.mainChainBlocks());
        SyncConfig sync = SyncConfig.defaults();
        SimNode miner = node(List.of(), sync);
        load(miner.chain(), blocks.subList(1, blocks.size()));
        SimNode a = node(List.of(miner.address()), sync);
        SimNode b = node(List.of(a.address()), sync);
        runUntil(() -> b.chain().blockTip().height() == 50, 60_000);

        builder.extend(builder.tip(), 3);
        List<Block> more = builder.mainChainBlocks();
        load(miner.chain(), more.subList(51, more.size()));
        // The miner's tip announcement travels miner -> a -> b without anyone polling.
        runUntil(() -> b.chain().blockTip().height() == 53, 10_000);
        assertThat(b.chain().blockTip().hash()).isEqualTo(miner.chain().blockTip().hash());
    }
}
