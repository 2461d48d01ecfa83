package dev.tributary.node;

import dev.tributary.node.dag.DagLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagState;
import dev.tributary.net.NetConfig;
import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dagtest} BlockDAG network over loopback: three nodes, all connected, mine at the same time
 * (each on its own current tips, blocks crossing on the wire), then converge on one DAG state: the same
 * tips hash and block count, with every block mined anywhere in every store. A node that joins afterwards
 * syncs the whole DAG blocks-first from one of them. And the command line: {@code mine --network dagtest}
 * into a stopped node's store, then {@code node --network dagtest} serving it.
 */
class DagNetworkIT {
    private static final int BLOCKS_PER_MINER = 60;

    @TempDir
    Path dir;
    private final List<DagNode> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(DagNode::close);
    }

    private DagNode start(String name, List<InetSocketAddress> connect) throws Exception {
        NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withConnect(connect).withSeeds(List.of(), false).withTimeouts(5_000, 60_000, 60_000);
        DagNode node = DagNode.open(dir.resolve(name), StoreKind.ROCKSDB, net);
        nodes.add(node);
        node.start();
        return node;
    }

    @Test
    void threeNodesMiningAtOnceConvergeOnOneDag() throws Exception {
        DagNode a = start("a", List.of());
        DagNode b = start("b", List.of(a.listeningAddress()));
        DagNode c = start("c", List.of(a.listeningAddress(), b.listeningAddress()));
        awaitPeers(a, 2);
        awaitPeers(b, 2);
        awaitPeers(c, 2);

        ExecutorService miners = Executors.newFixedThreadPool(3);
        List<CompletableFuture<List<DagBlock>>> mined = new ArrayList<>();
        long seed = 5;
        for (DagNode n : List.of(a, b, c)) {
            Random random = new Random(seed++);
            mined.add(CompletableFuture.supplyAsync(() -> mineSlowly(n, random), miners));
        }
        int total = 0;
        for (CompletableFuture<List<DagBlock>> f : mined) {
            total += f.get(120, TimeUnit.SECONDS).size();
        }
        miners.shutdown();

        DagState converged = awaitConvergence(List.of(a, b, c), 1 + total);
        assertThat(converged.blockCount()).as("genesis and every block mined").isEqualTo(1 + total);
        assertThat(converged.maxTipHeight()).as("blocks mined at once share heights").isLessThan(total);
        for (CompletableFuture<List<DagBlock>> f : mined) {
            for (DagBlock block : f.get()) {
                for (DagNode n : List.of(a, b, c)) {
                    assertThat(n.call(() -> n.protocol().graph().contains(block.hash()))).isTrue();
                }
            }
        }

        DagNode late = start("late", List.of(b.listeningAddress()));
        assertThat(awaitConvergence(List.of(b, late), 1 + total)).isEqualTo(converged);
    }

    @Test
    void twoNodesThatMinedApartAtTheSameHeightMergeTheirBranchesWhenTheyMeet() throws Exception {
        DagNode a = start("apart-a", List.of());
        DagNode b = start("apart-b", List.of());
        a.mineBlocks(15);
        b.mineBlocks(15);
        DagState onA = a.state();
        assertThat(onA.maxTipHeight()).isEqualTo(b.state().maxTipHeight()).isEqualTo(15);
        b.close();
        nodes.remove(b);

        DagNode bAgain = start("apart-b", List.of(a.listeningAddress()));

        DagState merged = awaitConvergence(List.of(a, bAgain), 1 + 30);
        assertThat(merged.tips()).as("both branches, not yet merged by a block").hasSize(2);
        assertThat(merged.maxTipHeight()).isEqualTo(onA.maxTipHeight());
    }

    /** Mines one block at a time with pauses of up to 20 ms, so that the three miners' blocks interleave. */
    private static List<DagBlock> mineSlowly(DagNode node, Random random) {
        List<DagBlock> blocks = new ArrayList<>();
        for (int i = 0; i < BLOCKS_PER_MINER; i++) {
            blocks.addAll(node.mineBlocks(1));
            try {
                Thread.sleep(random.nextInt(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return blocks;
    }

    private static void awaitPeers(DagNode node, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (node.call(() -> node.peers().readyPeers().size()) < count) {
            assertThat(System.nanoTime()).as("%d peers within 30 s", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until every node holds {@code blocks} blocks and all report the same state; returns it. */
    private static DagState awaitConvergence(List<DagNode> group, long blocks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<DagState> states = group.stream().map(DagNode::state).toList();
            if (states.stream().allMatch(s -> s.blockCount() == blocks && s.equals(states.get(0)))) {
                return states.get(0);
            }
            assertThat(System.nanoTime()).as("convergence within 60 s; states now: %s", states).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void theCommandLineMinesADagIntoAStoppedNodeAndServesItAsANode() throws Exception {
        String dataA = dir.resolve("cli-a").toString();
        assertThat(Cli.run("mine", "--network", "dagtest", "--datadir", dataA, "--blocks", "30").exitCode()).isZero();
        Cli.Result mined = Cli.run("mine", "--network", "dagtest", "--datadir", dataA, "--blocks", "5");
        assertThat(mined.exitCode()).as("%s", mined).isZero();
        assertThat(mined.lastOut()).startsWith("height=35 tips=1 tipshash=").endsWith(" blocks=36");

        int port = CommandLineIT.freePort();
        try (ChildCli nodeA = ChildCli.start("node", "--network", "dagtest", "--datadir", dataA, "--listen",
                "127.0.0.1:" + port)) {
            nodeA.awaitErrLine(l -> l.contains("Listening on 127.0.0.1:" + port), Duration.ofSeconds(30));
            DagNode b = start("cli-b", List.of(new InetSocketAddress("127.0.0.1", port)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!DagLine.of(b.state()).equals(mined.lastOut())) {
                assertThat(System.nanoTime()).as("B holds A's DAG within 60 s: %s", DagLine.of(b.state()))
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }

        Cli.Result headersMode = Cli.run("node", "--network", "dagtest", "--datadir", dataA, "--sync-mode", "headers");
        assertThat(headersMode.exitCode()).as("%s", headersMode).isEqualTo(2);
        assertThat(headersMode.err()).anyMatch(l -> l.contains("dagtest syncs blocks first"));
    }
}
