package dev.tributary.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.AttachResult;
import dev.tributary.chain.Block;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole nodes (each a real {@code Node}: peer manager, handshake, headers-first sync, block download, serving,
 * announcements) on an in-memory network, all on one thread with virtual time: reproducible, no sockets, no sleeps.
 */
class NetworkSimulationTest {
    private static final NetworkParameters REGTEST = NetworkParameters.forName("regtest");
    private static final long START_TIME = 1_600_000_000L;

    private final ManualScheduler scheduler = new ManualScheduler(1_700_000_000_000L);
    private final SimCluster cluster = new SimCluster(scheduler, 5, 1);

    /** A started headers-first regtest node dialling {@code connect}. */
    private SimNode node(List<SimNode> connect, SyncConfig sync) {
        String name = "node-" + cluster.nodes().size();
        NodeConfig config = NodeConfig.of(REGTEST, Path.of(name)).withSync(sync);
        return cluster.add(name, SimNode.Recipe.chain(config, List.of())).connectTo(connect).start();
    }

    private static ChainState chain(SimNode node) {
        return ChainService.of(node.node()).chain();
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
    void aLineAndAMeshOfNodesAllConvergeOnTheMinersChain() {
        ChainBuilder builder = ChainBuilder.regtest(3, START_TIME);
        builder.extend(builder.genesis(), 2500, 2, 300);
        List<Block> blocks = builder.mainChainBlocks();
        SyncConfig sync = SyncConfig.defaults().withWindow(256, 2000);

        SimNode miner = node(List.of(), sync);
        load(chain(miner), blocks.subList(1, blocks.size()));
        SimNode a = node(List.of(miner), sync);
        SimNode b = node(List.of(a), sync);
        SimNode c = node(List.of(miner, a, b), sync);
        List<SimNode> all = List.of(miner, a, b, c);

        HeaderSyncData target = chain(miner).blockTip();
        runUntil(() -> all.stream().allMatch(n -> chain(n).blockTip().hash().equals(target.hash())), 600_000);

        for (SimNode n : all) {
            assertThat(chain(n).mainTip()).isEqualTo(target);
            assertThat(StoreConsistencyCheck.check(chain(n).persist())).isEmpty();
        }
    }

    /**
     * Regression: a full node served headers beyond the blocks it had, so the next node learned headers
     * from it that no peer could be asked for, and its download waited for the no-peer timeout.
     */
    @Test
    void aNewBlockOnTheMinerReachesTheEndOfALineByAnnouncement() {
        ChainBuilder builder = ChainBuilder.regtest(4, START_TIME);
        builder.extend(builder.genesis(), 50);
        List<Block> blocks = new ArrayList<>(builder.mainChainBlocks());
        SyncConfig sync = SyncConfig.defaults();
        SimNode miner = node(List.of(), sync);
        load(chain(miner), blocks.subList(1, blocks.size()));
        SimNode a = node(List.of(miner), sync);
        SimNode b = node(List.of(a), sync);
        runUntil(() -> chain(b).blockTip().height() == 50, 60_000);

        builder.extend(builder.tip(), 3);
        List<Block> more = builder.mainChainBlocks();
        load(chain(miner), more.subList(51, more.size()));
        // The miner's tip announcement travels miner -> a -> b without anyone polling.
        runUntil(() -> chain(b).blockTip().height() == 53, 10_000);
        assertThat(chain(b).blockTip().hash()).isEqualTo(chain(miner).blockTip().hash());
    }
}
