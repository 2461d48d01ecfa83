package dev.tributary.sync.headers;

import dev.tributary.chain.store.StoreConsistencyCheck;
import static dev.tributary.sync.TestChains.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.node.sim.RespondingPeer;
import dev.tributary.node.sim.RespondingPeer.BlockMode;
import dev.tributary.node.sim.SimNet;
import dev.tributary.node.sim.SyncingNode;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.InventoryItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole syncs of a simulated headers-first node against a random mix of peers on the simulated network, one
 * reproducible run per seed: well-behaved peers at random
 * speeds, peers that stall, leave after some blocks, or lack the upper part of the chain, with random batch
 * and window sizes. Whatever the mix, as long as one peer serves everything the sync completes, the store
 * is consistent, no block is asked for once stored, no peer is asked twice for one block, and no peer has
 * two batches in flight.
 */
class RandomPeersSyncSimulationTest {
    private static final int HEIGHT = 400;
    private static final ChainBuilder REFERENCE = ChainBuilder.regtest(99, START);

    @BeforeAll
    static void buildReference() {
        REFERENCE.extendTip(HEIGHT);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSyncWithARandomMixOfPeersCompletesWithoutAskingForAnythingTwice(long seed) {
        Random random = new Random(seed);
        SimNet net = new SimNet(new ManualScheduler());
        int batch = 1 + random.nextInt(32);
        int window = batch + random.nextInt(256);
        SyncConfig config = SyncConfig.defaults().withBatchSize(batch).withWindow(window, 100 + random.nextInt(400));
        SyncingNode node = SyncingNode.regtest(net, config);
        List<String> problems = new ArrayList<>();
        List<RespondingPeer> peers = new ArrayList<>();
        int count = 2 + random.nextInt(5);
        int goodOne = random.nextInt(count);
        for (int i = 0; i < count; i++) {
            String kind = i == goodOne ? "good" : List.of("good", "silent", "leaving", "lacking").get(random.nextInt(4));
            RespondingPeer p = RespondingPeer.servingBest(net, kind + i, REFERENCE)
                    .latency(5 + random.nextInt(100)).perBlock(1 + random.nextInt(20));
            switch (kind) {
                case "silent" -> p.blockMode(BlockMode.SILENT);
                case "leaving" -> p.disconnectingAfterBlocks(1 + random.nextInt(150));
                case "lacking" -> p.bodiesUpTo(random.nextInt(HEIGHT));
                default -> { }
            }
            watch(node, p, problems);
            peers.add(p);
        }
        String mix = "batch " + batch + ", window " + window + ", peers " + peers;

        RespondingPeer.connectAll(node, peers.toArray(RespondingPeer[]::new));
        boolean synced = node.runUntilSynced(30 * 60_000);

        assertThat(synced).as("synced: %s", mix).isTrue();
        assertThat(node.chain().blockTip()).as(mix).isEqualTo(REFERENCE.tip());
        assertThat(StoreConsistencyCheck.check(node.chain().persist())).as(mix).isEmpty();
        assertThat(problems).as(mix).isEmpty();
        for (RespondingPeer p : peers) {
            assertThat(p.violations()).as("%s in %s", p, mix).isEmpty();
        }
    }

    /** Records a getdata for a block already stored, or for a block the same peer was asked for before. */
    private static void watch(SyncingNode node, RespondingPeer p, List<String> problems) {
        Set<Hash> asked = new HashSet<>();
        p.onNodeSend(m -> {
            if (m instanceof GetDataMessage g) {
                for (InventoryItem item : g.items()) {
                    if (node.chain().hasBody(item.hash())) {
                        problems.add(p + " asked for stored block " + item.hash());
                    }
                    if (!asked.add(item.hash())) {
                        problems.add(p + " asked twice for " + item.hash());
                    }
                }
            }
        });
    }
}
