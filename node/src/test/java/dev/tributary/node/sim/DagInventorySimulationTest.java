package dev.tributary.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.dag.DagService;
import dev.tributary.sync.inventory.DagInventoryProtocol;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.testing.CountingKeyValueStore;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * dagtest nodes (each a real {@code Node} running the DAG service, {@link DagInventoryProtocol}) on an in-memory
 * network, on one thread in virtual time: nodes mining concurrently converge on one DAG state, and blocks and
 * transactions cross a line.
 */
class DagInventorySimulationTest {
    private static final DagParameters DAGTEST = DagParameters.DAGTEST;

    /** A month after genesis, so mined blocks are neither too new nor at genesis time. */
    private final ManualScheduler scheduler = new ManualScheduler((DAGTEST.genesisBlock().header().time() + 30 * 86_400) * 1000);
    private final SimCluster cluster = new SimCluster(scheduler, 40, 1);
    private final List<DagBlock> mined = new ArrayList<>();

    /** A simulated dagtest node, its counting disk, and the number that names it. */
    private record SimDagNode(int number, CountingKeyValueStore store, SimNode sim) {
        DagInventoryProtocol protocol() {
            return DagService.of(sim.node()).protocol();
        }

        DagState state() {
            return protocol().state();
        }
    }

    /** A started node on a counting disk, dialling {@code connect}. */
    private SimDagNode node(int number, List<SimDagNode> connect) {
        CountingKeyValueStore store = new CountingKeyValueStore('b');
        InventoryConfig config = InventoryConfig.forDag(DAGTEST).withAllowUnrequestedBlocks(false).withStall(20_000, 5_000);
        SimNode sim = cluster.add("node-" + number, SimNode.Recipe.dag(config), store)
                .connectTo(connect.stream().map(SimDagNode::sim).toList()).start();
        return new SimDagNode(number, store, sim);
    }

    private void runUntil(BooleanSupplier done, long maxMillis) {
        long waited = 0;
        while (!done.getAsBoolean() && waited < maxMillis) {
            scheduler.advance(50);
            waited += 50;
        }
        assertThat(done.getAsBoolean()).as("done within %d virtual ms", maxMillis).isTrue();
    }

    /** Node {@code n} mines a block now and again, at random times, until {@code stopAt}. */
    private void mineAtRandom(SimDagNode n, Random random, long stopAt) {
        scheduler.schedule(() -> {
            if (scheduler.nowMillis() >= stopAt) {
                return;
            }
            byte[] tag = ("node " + n.number() + " block " + mined.size()).getBytes(StandardCharsets.UTF_8);
            mined.add(n.protocol().mineBlock(tag));
            mineAtRandom(n, random, stopAt);
        }, 10 + random.nextInt(400));
    }

    /** A transaction spending a made-up output: the memory pool relays without checking spends. */
    private static Transaction transaction(int n) {
        Hash prev = Sha256.sha256d(("funding " + n).getBytes(StandardCharsets.UTF_8));
        TxInput in = new TxInput(new OutPoint(prev, 0), new byte[] {0x51}, 0xffffffffL, List.of());
        return new Transaction(2, List.of(in), List.of(new TxOutput(1_000 + n, new byte[] {0x51})), 0);
    }

    private static void assertConverged(List<SimDagNode> nodes, int blockCount) {
        DagState state = nodes.get(0).state();
        assertThat(state.blockCount()).isEqualTo(blockCount);
        for (SimDagNode n : nodes) {
            assertThat(n.state()).isEqualTo(state);
            assertThat(n.store().writes()).as("node %d stores each block once", n.number()).hasSize(blockCount)
                    .allSatisfy((h, c) -> assertThat(c).isEqualTo(1));
            assertThat(n.protocol().sync().orphans().size()).isZero();
            assertThat(n.sim().node().peers().readyPeers()).allMatch(p -> p.misbehaviourScore() == 0);
        }
    }

    @Test
    void threeDagtestNodesMiningConcurrentlyConvergeOnOneDagState() {
        List<SimDagNode> nodes = new ArrayList<>();
        nodes.add(node(1, List.of()));
        nodes.add(node(2, List.of(nodes.get(0))));
        nodes.add(node(3, List.of(nodes.get(0), nodes.get(1))));
        runUntil(() -> nodes.stream().allMatch(n -> n.protocol().sync().connectedPeers().size() == 2), 10_000);

        Random random = new Random(42);
        long stopAt = scheduler.nowMillis() + 60_000;
        nodes.forEach(n -> mineAtRandom(n, random, stopAt));
        for (int i = 0; i < 5; i++) {
            Transaction tx = transaction(i);
            SimDagNode from = nodes.get(i % 3);
            scheduler.schedule(() -> from.protocol().submitTransaction(tx), 5_000L * (i + 1));
        }
        scheduler.advance(60_000);
        runUntil(() -> nodes.stream().map(SimDagNode::state).distinct().count() == 1, 60_000);

        assertThat(mined.size()).as("blocks mined").isGreaterThan(300);
        assertConverged(nodes, mined.size() + 1);
        assertThat(mined).as("concurrent blocks were merged").anyMatch(b -> b.parents().size() > 1);
        Set<Hash> confirmed = new HashSet<>();
        mined.forEach(b -> b.transactions().forEach(t -> confirmed.add(t.txid())));
        for (int i = 0; i < 5; i++) {
            assertThat(confirmed).contains(transaction(i).txid());
        }
        assertThat(nodes).allMatch(n -> n.protocol().sync().mempool().size() == 0);

        // A node that joins now syncs the whole DAG from its peers (getblocks by height, the zero-hash continue).
        SimDagNode late = node(4, List.copyOf(nodes));
        runUntil(() -> late.state().equals(nodes.get(0).state()), 60_000);
        nodes.add(late);
        assertConverged(nodes, mined.size() + 1);
    }

    @Test
    void blocksAndTransactionsCrossAFiveNodeDagtestLineOnceEach() {
        List<SimDagNode> line = new ArrayList<>();
        line.add(node(1, List.of()));
        for (int i = 1; i < 5; i++) {
            line.add(node(i + 1, List.of(line.get(i - 1))));
        }
        runUntil(() -> line.stream().allMatch(n -> n.protocol().sync().connectedPeers().size()
                == (n == line.get(0) || n == line.get(4) ? 1 : 2)), 10_000);
        SimDagNode first = line.get(0);
        SimDagNode last = line.get(4);

        for (int i = 0; i < 30; i++) {
            mined.add(first.protocol().mineBlock(("first " + i).getBytes(StandardCharsets.UTF_8)));
            mined.add(last.protocol().mineBlock(("last " + i).getBytes(StandardCharsets.UTF_8)));
            scheduler.advance(20);
        }
        Transaction tx = transaction(99);
        assertThat(first.protocol().submitTransaction(tx)).isTrue();
        runUntil(() -> last.protocol().sync().mempool().contains(tx.txid()), 20_000);
        DagBlock confirming = last.protocol().mineBlock("confirming".getBytes(StandardCharsets.UTF_8));
        mined.add(confirming);
        assertThat(confirming.transactions()).contains(tx);

        runUntil(() -> line.stream().map(SimDagNode::state).distinct().count() == 1, 60_000);
        assertConverged(line, mined.size() + 1);
        runUntil(() -> line.stream().allMatch(n -> n.protocol().sync().mempool().size() == 0), 10_000);
    }
}
