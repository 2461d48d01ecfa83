package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.dag.store.DagStore;
import dev.tributary.sync.inventory.Acceptance;
import dev.tributary.sync.inventory.DagBlockGraph;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.testing.CountingKeyValueStore;
import dev.tributary.testing.DagBuilder;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.net.bitcoin.VersionMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * dagtest nodes that mined apart and then meet, with real peer managers on an {@link InMemoryNetwork}, in virtual
 * time ({@link ManualScheduler}, 40 ms a message): they converge on the union of their blocks without a new
 * block, whatever their heights and topology, in a number of round trips that does not grow with how long they
 * were apart; and a DAG too wide for {@code getblocks} by height syncs by cursor.
 */
class DagPartitionSimulationTest {
    private static final DagParameters DAGTEST = DagParameters.DAGTEST;
    private static final long LATENCY_MILLIS = 40;
    private static final long ROUND_TRIP_MILLIS = 2 * LATENCY_MILLIS;
    private static final List<String> RECONCILIATION = List.of("dagtips", "getdagrange", "dagrange");

    /** A network of dagtest nodes sharing one virtual clock. */
    private static final class Sim {
        final ManualScheduler scheduler = new ManualScheduler((DAGTEST.genesisBlock().header().time() + 30 * 86_400) * 1000);
        final InMemoryNetwork network = new InMemoryNetwork(LATENCY_MILLIS);
        final List<SimNode> nodes = new ArrayList<>();

        DagBlockGraph graph(CountingKeyValueStore store) {
            return DagBlockGraph.open(DagStore.open(store, DAGTEST), DAGTEST, scheduler, NetConfig.PROTOCOL_VERSION);
        }

        /** A node holding {@code blocks} (parents first), started and dialling {@code connect}. */
        SimNode start(List<DagBlock> blocks, List<InetSocketAddress> connect, boolean reconcile) {
            int number = nodes.size() + 1;
            CountingKeyValueStore store = new CountingKeyValueStore('b');
            DagBlockGraph graph = graph(store);
            for (DagBlock b : blocks) {
                assertThat(graph.accept(b)).isInstanceOf(Acceptance.Connected.class);
            }
            NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(0)).withConnect(connect)
                    .withSeeds(List.of(), false);
            InMemoryNetwork.Endpoint transport = network.endpoint(scheduler);
            InventoryConfig config = InventoryConfig.forDag(DAGTEST).withAllowUnrequestedBlocks(false)
                    .withStall(20_000, 5_000);
            PeerManager peers = new PeerManager(net, transport, scheduler);
            DagInventoryProtocol protocol = new DagInventoryProtocol(graph, scheduler, config, new Random(number),
                    reconcile);
            peers.add(protocol.network(net, VersionMessage.NODE_NETWORK, new Random(number)));
            try {
                peers.start();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            scheduler.runPending();
            SimNode node = new SimNode(number, store, peers, protocol, blocks.size() + 1);
            nodes.add(node);
            return node;
        }

        /** Starts one node per DAG, node i dialling its neighbours below i in {@code topology}. */
        List<SimNode> connect(List<List<DagBlock>> dags, Topology topology) {
            List<SimNode> started = new ArrayList<>();
            for (int i = 0; i < dags.size(); i++) {
                List<InetSocketAddress> connect = new ArrayList<>();
                for (int j : topology.lowerNeighbours(i, dags.size())) {
                    connect.add(started.get(j).address());
                }
                started.add(start(dags.get(i), connect, true));
            }
            return started;
        }

        boolean converged(List<SimNode> group, DagState expected) {
            return group.stream().allMatch(n -> n.state().equals(expected));
        }

        long reconciliationMessages() {
            Map<String, Long> counts = network.sentCounts();
            return RECONCILIATION.stream().mapToLong(c -> counts.getOrDefault(c, 0L)).sum();
        }
    }

    private record SimNode(int number, CountingKeyValueStore store, PeerManager peers, DagInventoryProtocol protocol,
            int blocksAtStart) {
        DagState state() {
            return protocol.state();
        }

        InetSocketAddress address() {
            return peers.listeningAddress();
        }
    }

    private enum Topology {
        LINE, STAR, RING;

        /** The nodes below {@code i} that node {@code i} dials. */
        List<Integer> lowerNeighbours(int i, int n) {
            if (i == 0) {
                return List.of();
            }
            return switch (this) {
                case LINE -> List.of(i - 1);
                case STAR -> List.of(0);
                case RING -> i == n - 1 && n > 2 ? List.of(i - 1, 0) : List.of(i - 1);
            };
        }
    }

    /** Mines {@code count} blocks on {@code view} (each on all tips, or now and then on some), adding them to it. */
    private static List<DagBlock> mineApart(DagIndex view, int count, String who, Random random) {
        DagMiner miner = new DagMiner(DAGTEST);
        List<DagBlock> mined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] tag = (who + " block " + i).getBytes(StandardCharsets.UTF_8);
            DagBlock b;
            if (random != null && random.nextInt(4) == 0) {
                List<BlockAtHeight> tips = new ArrayList<>(view.tipsInCanonicalOrder());
                Collections.shuffle(tips, random);
                b = miner.mineOn(tips.subList(0, 1 + random.nextInt(Math.min(tips.size(), DAGTEST.maxParents()))),
                        List.of(), DagBuilder.time(), tag);
            } else {
                b = miner.mine(view, List.of(), DagBuilder.time(), tag);
            }
            view.add(b);
            mined.add(b);
        }
        return mined;
    }

    private static List<DagBlock> concat(List<DagBlock> a, List<DagBlock> b) {
        List<DagBlock> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The state of a DAG holding every block of {@code dags}. */
    private static DagState union(List<List<DagBlock>> dags) {
        Map<Hash, DagBlock> all = new LinkedHashMap<>();
        dags.forEach(d -> d.forEach(b -> all.putIfAbsent(b.hash(), b)));
        List<DagBlock> ordered = new ArrayList<>(all.values());
        ordered.sort((x, y) -> BlockAtHeight.CANONICAL.compare(BlockAtHeight.of(x), BlockAtHeight.of(y)));
        return DagBuilder.index(ordered).state();
    }

    /** Each node stored each block once (nothing twice, nothing new), holds no orphan and blamed no peer. */
    private static void assertClean(List<SimNode> group, DagState expected, String scenario) {
        for (SimNode n : group) {
            assertThat(n.store().writes()).as("%s: node %d stores each block once", scenario, n.number())
                    .hasSize((int) expected.blockCount()).allSatisfy((h, c) -> assertThat(c).isEqualTo(1));
            assertThat(n.protocol().sync().orphans().size()).as("%s: orphans of node %d", scenario, n.number()).isZero();
            assertThat(n.peers().readyPeers()).as("%s: misbehaviour seen by node %d", scenario, n.number())
                    .allMatch(p -> p.misbehaviourScore() == 0);
        }
    }

    // ---- the reported case -------------------------------------------------------------------------

    @Test
    void nodesThatMined50And60And40ApartConvergeOnTheUnionWhenConnectedInALine() {
        Sim sim = new Sim();
        List<List<DagBlock>> dags = List.of(mineApart(DagIndex.create(DAGTEST), 50, "a", null),
                mineApart(DagIndex.create(DAGTEST), 60, "b", null), mineApart(DagIndex.create(DAGTEST), 40, "c", null));
        DagState expected = union(dags);
        assertThat(expected.blockCount()).isEqualTo(151);

        long start = sim.scheduler.nowMillis();
        List<SimNode> line = sim.connect(dags, Topology.LINE);
        assertThat(sim.scheduler.runUntil(() -> sim.converged(line, expected), 60_000))
                .as("converged; states: %s", line.stream().map(SimNode::state).toList()).isTrue();
        long elapsed = sim.scheduler.nowMillis() - start;

        assertThat(expected.tips()).as("three branches, not merged by any block").hasSize(3);
        assertThat(expected.maxTipHeight()).isEqualTo(60);
        assertClean(line, expected, "50/60/40 line");
        System.out.printf("50/60/40 line: converged in %d virtual ms (%d round trips of %d ms), messages %s%n",
                elapsed, elapsed / ROUND_TRIP_MILLIS, ROUND_TRIP_MILLIS, sim.network.sentCounts());
    }

    /**
     * The whole story on one network: four nodes in a ring share 30 blocks; the network splits every node from
     * every other (connections close), three of them mine 50, 60 and 40 blocks; the network heals, the nodes
     * redial, and all four converge on the union.
     */
    @Test
    void aRingSplitIntoSingleNodesThatMinedApartConvergesWhenTheNetworkHeals() {
        Sim sim = new Sim();
        List<DagBlock> shared = DagBuilder.grow(2, 30, new Random(21));
        List<SimNode> ring = sim.connect(List.of(shared, shared, shared, shared), Topology.RING);
        assertThat(sim.scheduler.runUntil(() -> ring.stream().allMatch(n -> n.peers().readyPeers().size() == 2), 10_000))
                .isTrue();

        sim.network.partition((a, b) -> !a.equals(b));
        assertThat(sim.scheduler.runUntil(() -> ring.stream().allMatch(n -> n.peers().readyPeers().isEmpty()), 10_000))
                .isTrue();
        List<List<DagBlock>> dags = new ArrayList<>();
        dags.add(shared);
        int[] apart = {50, 60, 40, 0};
        for (int i = 0; i < ring.size(); i++) {
            List<DagBlock> mined = new ArrayList<>();
            for (int k = 0; k < apart[i]; k++) {
                mined.add(ring.get(i).protocol().mineBlock(("apart " + i + " " + k).getBytes(StandardCharsets.UTF_8)));
            }
            dags.add(mined);
        }
        DagState expected = union(dags);
        assertThat(expected.blockCount()).isEqualTo(1 + 30 + 150);
        assertThat(ring.stream().map(SimNode::state).distinct()).hasSize(4);

        sim.network.heal();
        long healedAt = sim.scheduler.nowMillis();
        assertThat(sim.scheduler.runUntil(() -> sim.converged(ring, expected), 120_000))
                .as("states: %s", ring.stream().map(SimNode::state).toList()).isTrue();
        assertClean(ring, expected, "healed ring");
        System.out.printf("ring of 4 healed: converged %d virtual ms after the network healed (redialling included)%n",
                sim.scheduler.nowMillis() - healedAt);
    }

    // ---- random partitions -------------------------------------------------------------------------

    /**
     * 200 seeds: 2 to 5 nodes share a random DAG, split into random groups that each mine a random number of blocks
     * (some on all tips, some on a few), nodes mining a few more alone; then they meet as a line, a star or a ring.
     * Every node ends with the union, each block stored once, without a new block.
     */
    @Test
    void randomPartitionsConvergeOnTheUnionInAnyTopology() {
        long worstRoundTrips = 0;
        long worstMessages = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            int n = 2 + random.nextInt(4);
            Topology topology = Topology.values()[random.nextInt(n > 2 ? 3 : 2)];
            List<DagBlock> shared = DagBuilder.grow(1 + random.nextInt(3), random.nextInt(31), random);
            int groups = 1 + random.nextInt(n);
            List<DagIndex> groupViews = new ArrayList<>();
            List<List<DagBlock>> groupBlocks = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                DagIndex view = DagBuilder.index(shared);
                groupViews.add(view);
                groupBlocks.add(mineApart(view, random.nextInt(61), "seed " + seed + " group " + g, random));
            }
            List<List<DagBlock>> dags = new ArrayList<>();
            StringBuilder scenario = new StringBuilder("seed " + seed + ": " + n + " nodes, " + topology + ", shared "
                    + shared.size() + ", blocks apart");
            for (int i = 0; i < n; i++) {
                int g = i < groups ? i : random.nextInt(groups);
                DagIndex own = DagBuilder.index(concat(shared, groupBlocks.get(g)));
                List<DagBlock> alone = mineApart(own, random.nextInt(4) == 0 ? 1 + random.nextInt(10) : 0,
                        "seed " + seed + " node " + i, random);
                dags.add(concat(concat(shared, groupBlocks.get(g)), alone));
                scenario.append(' ').append(groupBlocks.get(g).size()).append('+').append(alone.size());
            }
            DagState expected = union(dags);
            Sim sim = new Sim();
            long start = sim.scheduler.nowMillis();
            List<SimNode> nodes = sim.connect(dags, topology);
            assertThat(sim.scheduler.runUntil(() -> sim.converged(nodes, expected), 120_000))
                    .as("%s: converged on %s; states: %s", scenario, expected, nodes.stream().map(SimNode::state).toList())
                    .isTrue();
            assertClean(nodes, expected, scenario.toString());
            worstRoundTrips = Math.max(worstRoundTrips, (sim.scheduler.nowMillis() - start) / ROUND_TRIP_MILLIS);
            worstMessages = Math.max(worstMessages, sim.reconciliationMessages());
        }
        System.out.printf("200 random partitions: at most %d round trips from connecting to converged, "
                + "at most %d reconciliation messages%n", worstRoundTrips, worstMessages);
    }

    // ---- cost does not grow with the partition ----------------------------------------------------

    /** What healing a partition cost: virtual time from connecting to converged, and the messages sent. */
    private record Heal(long millis, long reconciliationMessages, Map<String, Long> messages) {
        long roundTrips() {
            return millis / ROUND_TRIP_MILLIS;
        }
    }

    /** Three nodes share 30 blocks, each mines {@code apart} more alone, then they meet in a line. */
    private static Heal healLine(int apart) {
        Random random = new Random(apart);
        List<DagBlock> shared = DagBuilder.grow(2, 30, random);
        List<List<DagBlock>> dags = new ArrayList<>();
        for (String who : List.of("a", "b", "c")) {
            dags.add(concat(shared, mineApart(DagBuilder.index(shared), apart, who, random)));
        }
        DagState expected = union(dags);
        Sim sim = new Sim();
        long start = sim.scheduler.nowMillis();
        List<SimNode> line = sim.connect(dags, Topology.LINE);
        assertThat(sim.scheduler.runUntil(() -> sim.converged(line, expected), 120_000)).as("%d apart", apart).isTrue();
        assertClean(line, expected, apart + " apart");
        return new Heal(sim.scheduler.nowMillis() - start, sim.reconciliationMessages(), sim.network.sentCounts());
    }

    @Test
    void healingTakesAsManyRoundTripsAfter400BlocksApartAsAfter20() {
        Heal short20 = healLine(20);
        Heal long400 = healLine(400);
        System.out.printf("line of 3 after 20 blocks apart each: %d ms, %d round trips, %d reconciliation messages, %s%n",
                short20.millis(), short20.roundTrips(), short20.reconciliationMessages(), short20.messages());
        System.out.printf("line of 3 after 400 blocks apart each: %d ms, %d round trips, %d reconciliation messages, %s%n",
                long400.millis(), long400.roundTrips(), long400.reconciliationMessages(), long400.messages());

        // Connecting and the handshake take 2 round trips; tips, one page and the blocks 3 more a hop.
        assertThat(short20.roundTrips()).isLessThanOrEqualTo(10);
        assertThat(long400.roundTrips()).isLessThanOrEqualTo(short20.roundTrips() + 1);
        assertThat(long400.reconciliationMessages()).isLessThanOrEqualTo(16)
                .isLessThanOrEqualTo(short20.reconciliationMessages() + 2);
        assertThat(long400.messages().get("getdagrange")).as("one page per peer and direction").isLessThanOrEqualTo(8);
    }

    // ---- wide DAGs ---------------------------------------------------------------------------------

    /** {@code perHeight} blocks at height 1 (children of genesis), then {@code above} at height 2 on a few of them. */
    private static List<DagBlock> wide(int perHeight, int above) {
        DagMiner miner = new DagMiner(DAGTEST);
        BlockAtHeight genesis = new BlockAtHeight(DAGTEST.genesisBlock().hash(), 0);
        List<DagBlock> blocks = new ArrayList<>();
        for (int i = 0; i < perHeight; i++) {
            blocks.add(miner.mineOn(List.of(genesis), List.of(), DagBuilder.time(), ("wide " + i).getBytes(StandardCharsets.UTF_8)));
        }
        Random random = new Random(perHeight);
        for (int i = 0; i < above; i++) {
            List<BlockAtHeight> parents = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                DagBlock p = blocks.get(random.nextInt(perHeight));
                if (!parents.contains(BlockAtHeight.of(p))) {
                    parents.add(BlockAtHeight.of(p));
                }
            }
            parents.sort(BlockAtHeight.CANONICAL);
            blocks.add(miner.mineOn(parents, List.of(), DagBuilder.time(), ("above " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return blocks;
    }

    private static void assertWideDagSyncs(List<DagBlock> blocks, int maxPages) {
        Sim sim = new Sim();
        SimNode source = sim.start(blocks, List.of(), true);
        SimNode fresh = sim.start(List.of(), List.of(source.address()), true);
        assertThat(sim.scheduler.runUntil(() -> fresh.state().equals(source.state()), 60_000))
                .as("synced %d blocks; fresh node holds %d", blocks.size() + 1, fresh.state().blockCount()).isTrue();
        assertClean(List.of(source, fresh), source.state(), "wide DAG");
        assertThat(sim.network.sentCounts().get("getdagrange")).isLessThanOrEqualTo(maxPages);
    }

    @Test
    void aDagOf600BlocksOverTwoHeightsSyncsCompletely() {
        // 550 blocks share height 1: getblocks by height from 0 lists 500 of them and can never get past them.
        assertWideDagSyncs(wide(550, 50), 2);
    }

    @Test
    void aListingContinuesInsideOneHeightOf2500Blocks() {
        // More blocks at height 1 than a dagrange page holds: the second page starts after a cursor inside height 1.
        assertWideDagSyncs(wide(2_500, 10), 3);
    }

    // ---- with a node that does not reconcile -------------------------------------------------------

    @Test
    void aNodeWithoutTheExtensionSyncsFromAReconcilingNodeAndItsNewBlocksReachIt() {
        Sim sim = new Sim();
        List<DagBlock> blocks = DagBuilder.grow(3, 400, new Random(11));
        SimNode reconciling = sim.start(blocks, List.of(), true);
        SimNode legacy = sim.start(List.of(), List.of(reconciling.address()), false);
        assertThat(sim.scheduler.runUntil(() -> legacy.state().equals(reconciling.state()), 60_000)).isTrue();
        assertThat(sim.network.sentCounts()).as("only soterd's messages on this link")
                .doesNotContainKeys("dagtips", "getdagrange", "dagrange").containsKey("getblocks");

        DagBlock mined = legacy.protocol().mineBlock("legacy".getBytes(StandardCharsets.UTF_8));
        assertThat(sim.scheduler.runUntil(() -> reconciling.protocol().graph().contains(mined.hash()), 10_000)).isTrue();
        assertClean(List.of(reconciling, legacy), reconciling.state(), "mixed");
    }
}
