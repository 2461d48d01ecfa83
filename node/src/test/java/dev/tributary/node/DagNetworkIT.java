package dev.tributary.node;

import dev.tributary.node.dag.DagLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.net.NetConfig;
import dev.tributary.sync.inventory.Acceptance;
import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * syncs the whole DAG blocks-first from one of them. Nodes that mined apart converge on the union of their
 * blocks when they meet, whatever their heights (the 50/60/40 line), and a DAG too wide for getblocks by height
 * syncs. And the command line: {@code mine --network dagtest}
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

    /**
     * The reported partition: three nodes mine 50, 60 and 40 blocks apart, then meet in a line (B between A and C,
     * B holding the highest tip). Each ends with the union, 151 blocks, and the same DAG line, without a new block.
     */
    @Test
    void threeNodesThatMined50And60And40ApartConvergeOnTheUnionWhenConnectedInALine() throws Exception {
        DagNode a = start("line-a", List.of());
        DagNode b = start("line-b", List.of());
        DagNode c = start("line-c", List.of());
        a.mineBlocks(50);
        b.mineBlocks(60);
        c.mineBlocks(40);
        for (DagNode n : List.of(b, c)) {
            n.close();
            nodes.remove(n);
        }

        DagNode bAgain = start("line-b", List.of(a.listeningAddress()));
        DagNode cAgain = start("line-c", List.of(bAgain.listeningAddress()));

        DagState merged = awaitConvergence(List.of(a, bAgain, cAgain), 151);
        List<String> lines = List.of(DagLine.of(a.state()), DagLine.of(bAgain.state()), DagLine.of(cAgain.state()));
        assertThat(lines).containsOnly(DagLine.of(merged));
        assertThat(lines.get(0)).startsWith("height=60 tips=3 tipshash=").endsWith(" blocks=151");
    }

    /**
     * A node holding 600 blocks over two heights, 550 of them at height 1 (more than a getblocks answer of 500 from
     * one height, where paging by height gets stuck), serves them all to a node that joins: the listing continues
     * after a (height, hash) cursor.
     */
    @Test
    void aWideDagOf600BlocksOverTwoHeightsSyncsToANodeThatJoins() throws Exception {
        DagNode a = start("wide-a", List.of());
        DagMiner miner = new DagMiner(DagParameters.DAGTEST);
        long time = DagParameters.DAGTEST.genesisBlock().header().time() + 86_400;
        BlockAtHeight genesis = BlockAtHeight.of(DagParameters.DAGTEST.genesisBlock());
        List<DagBlock> heightOne = new ArrayList<>();
        for (int i = 0; i < 550; i++) {
            heightOne.add(miner.mineOn(List.of(genesis), List.of(), time, ("wide " + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<DagBlock> wide = new ArrayList<>(heightOne);
        for (int i = 0; i < 50; i++) {
            List<BlockAtHeight> parents = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                parents.add(BlockAtHeight.of(heightOne.get((i * 11 + k * 7) % 550)));
            }
            parents.sort(BlockAtHeight.CANONICAL);
            wide.add(miner.mineOn(parents, List.of(), time, ("above " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (DagBlock block : wide) {
            assertThat(a.call(() -> a.protocol().submitBlock(block))).isInstanceOf(Acceptance.Connected.class);
        }
        assertThat(DagLine.of(a.state())).startsWith("height=2 ").endsWith(" blocks=601");

        DagNode b = start("wide-b", List.of(a.listeningAddress()));

        assertThat(DagLine.of(awaitConvergence(List.of(a, b), 601))).isEqualTo(DagLine.of(a.state()));
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
