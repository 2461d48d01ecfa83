package dev.tributary.dag;

import dev.tributary.validation.Verdict;
import static dev.tributary.dag.DagFixtures.NOW;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A DAG grown by several simulated nodes, each mining on its own view (all its tips, or a random subset of
 * them) and receiving some of the others' blocks, ends in the same state in a fresh index whatever order its
 * blocks arrive in: the state, the canonical order and the children depend only on the set of blocks.
 */
class DagConvergenceTest {
    private final DagMiner miner = new DagMiner(PARAMS);
    private final DagValidator validator = new DagValidator(PARAMS);

    @Property(tries = 100)
    void anyDeliveryOrderGivesTheSameState(@ForAll @IntRange(min = 1, max = 4) int nodes,
            @ForAll @IntRange(min = 1, max = 60) int steps, @ForAll long seed) {
        Random random = new Random(seed);
        List<DagBlock> mined = grow(nodes, steps, random);

        DagIndex reference = DagIndex.create(PARAMS);
        mined.forEach(reference::add);
        assertInvariants(reference, mined.size() + 1);

        List<DagBlock> shuffled = new ArrayList<>(mined);
        Collections.shuffle(shuffled, random);
        DagIndex fresh = deliverWithOrphans(shuffled);

        assertThat(fresh.state()).isEqualTo(reference.state());
        assertThat(fresh.canonicalOrder()).isEqualTo(reference.canonicalOrder());
        for (BlockAtHeight b : reference.canonicalOrder()) {
            assertThat(new HashSet<>(fresh.children(b.hash()))).isEqualTo(new HashSet<>(reference.children(b.hash())));
        }
    }

    /** The blocks mined by {@code nodes} nodes over {@code steps} steps, in the order they were mined. */
    private List<DagBlock> grow(int nodes, int steps, Random random) {
        List<DagIndex> views = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            views.add(DagIndex.create(PARAMS));
        }
        List<DagBlock> mined = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int n = random.nextInt(nodes);
            DagIndex view = views.get(n);
            byte[] tag = ("node " + n + " step " + step).getBytes(StandardCharsets.UTF_8);
            int action = random.nextInt(3);
            if (action == 0 && relayOne(view, mined, random)) {
                continue;
            }
            DagBlock block = action == 1 ? miner.mine(view, List.of(), NOW, tag)
                    : miner.mineOn(randomSubsetOfTips(view, random), List.of(), NOW, tag);
            assertThat(validator.validate(block, view, NOW).isAccepted()).isTrue();
            view.add(block);
            mined.add(block);
        }
        return mined;
    }

    /** Gives {@code view} one block it lacks whose parents it has; false when there is none. */
    private static boolean relayOne(DagIndex view, List<DagBlock> mined, Random random) {
        List<DagBlock> ready = mined.stream().filter(b -> !view.contains(b.hash()))
                .filter(b -> view.missingParents(b.header()).isEmpty()).toList();
        if (ready.isEmpty()) {
            return false;
        }
        view.add(ready.get(random.nextInt(ready.size())));
        return true;
    }

    private static List<BlockAtHeight> randomSubsetOfTips(DagIndex view, Random random) {
        List<BlockAtHeight> tips = new ArrayList<>(view.tipsInCanonicalOrder());
        Collections.shuffle(tips, random);
        int n = 1 + random.nextInt(Math.min(tips.size(), PARAMS.maxParents()));
        return tips.subList(0, n);
    }

    /**
     * Delivers blocks in the order given to a fresh index, as a node receiving them from peers would:
     * an orphan waits until its parents are connected, then is validated again.
     */
    private DagIndex deliverWithOrphans(List<DagBlock> order) {
        DagIndex dag = DagIndex.create(PARAMS);
        List<DagBlock> waiting = new ArrayList<>();
        for (DagBlock block : order) {
            Verdict<DagRejectReason> v = validator.validate(block, dag, NOW);
            assertThat(v.isRejected()).as(v.toString()).isFalse();
            if (v.isOrphan()) {
                assertThat(v.missingParents()).allMatch(p -> !dag.contains(p));
                waiting.add(block);
                continue;
            }
            dag.add(block);
            connectWaiting(dag, waiting);
        }
        assertThat(waiting).isEmpty();
        return dag;
    }

    private void connectWaiting(DagIndex dag, List<DagBlock> waiting) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Iterator<DagBlock> it = waiting.iterator(); it.hasNext();) {
                DagBlock b = it.next();
                if (validator.validate(b, dag, NOW).isAccepted()) {
                    dag.add(b);
                    it.remove();
                    progress = true;
                }
            }
        }
    }

    /** Tips are exactly the blocks without children; heights and count agree with the blocks. */
    private static void assertInvariants(DagIndex dag, int blockCount) {
        DagState s = dag.state();
        Set<Hash> childless = new HashSet<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (BlockAtHeight b : dag.canonicalOrder()) {
            if (dag.children(b.hash()).isEmpty()) {
                childless.add(b.hash());
                min = Math.min(min, b.height());
                max = Math.max(max, b.height());
            }
        }
        assertThat(new HashSet<>(s.tips())).isEqualTo(childless);
        assertThat(s.tips()).isSorted();
        assertThat(s.minTipHeight()).isEqualTo(min);
        assertThat(s.maxTipHeight()).isEqualTo(max);
        assertThat(s.blockCount()).isEqualTo(blockCount);
        assertThat(dag.canonicalOrder()).isSorted().hasSize(blockCount);
    }
}
