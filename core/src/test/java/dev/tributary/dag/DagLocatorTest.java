package dev.tributary.dag;

import static dev.tributary.dag.DagFixtures.GENESIS;
import static dev.tributary.dag.DagFixtures.NOW;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.filled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.DagBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The pieces reconciliation locates a fork and pages with: cumulative height digests ({@link HeightDigests},
 * {@link DagIndex#digestThrough}), listings after a cursor ({@link DagIndex#blocksAfter}) and the
 * {@link DagLocator}.
 */
class DagLocatorTest {

    /** The XOR of every block at or below {@code height}, the slow way. */
    private static Hash bruteDigest(DagIndex dag, int height) {
        byte[] acc = new byte[Hash.LENGTH];
        for (BlockAtHeight b : dag.canonicalOrder()) {
            if (b.height() <= height) {
                for (int i = 0; i < Hash.LENGTH; i++) {
                    acc[i] ^= b.hash().byteAt(i);
                }
            }
        }
        return Hash.wrap(acc);
    }

    @Property(tries = 50)
    void digestsEqualTheXorOfEveryBlockUpToEachHeightWhateverTheArrivalOrder(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 120) int count) {
        Random random = new Random(seed);
        List<DagBlock> blocks = DagBuilder.grow(1 + random.nextInt(3), count, random);
        DagIndex dag = DagBuilder.index(blocks);
        for (int h = -1; h <= dag.maxHeight() + 2; h++) {
            assertThat(dag.digestThrough(h)).as("height %d", h).isEqualTo(bruteDigest(dag, h));
        }

        // Heights added out of order, across the tree's growth from 16 heights up.
        HeightDigests digests = new HeightDigests();
        List<BlockAtHeight> shuffled = new ArrayList<>(dag.canonicalOrder());
        Collections.shuffle(shuffled, random);
        shuffled.forEach(b -> digests.add(b.height(), b.hash()));
        for (int h = 0; h <= dag.maxHeight(); h++) {
            assertThat(digests.through(h)).isEqualTo(dag.digestThrough(h));
        }
    }

    @Test
    void aDigestGrowsToHighHeightsAndKeepsTheLowOnes() {
        HeightDigests digests = new HeightDigests();
        digests.add(0, filled(0x01));
        digests.add(1_000, filled(0x02));
        digests.add(5, filled(0x04));
        assertThat(digests.through(4)).isEqualTo(filled(0x01));
        assertThat(digests.through(999)).isEqualTo(filled(0x05));
        assertThat(digests.through(1_000)).isEqualTo(filled(0x07));
        assertThat(digests.through(Integer.MAX_VALUE)).isEqualTo(filled(0x07));
        assertThat(digests.through(-1)).isEqualTo(Hash.ZERO);
    }

    @Property(tries = 30)
    void pagesAfterACursorCoverTheCanonicalOrderExactlyOnceWhateverThePageSize(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int pageSize) {
        Random random = new Random(seed);
        DagIndex dag = DagBuilder.index(DagBuilder.grow(4, 150, random));
        List<BlockAtHeight> listed = new ArrayList<>();
        BlockAtHeight cursor = new BlockAtHeight(Hash.ZERO, 0);
        while (true) {
            List<BlockAtHeight> page = dag.blocksAfter(cursor, pageSize);
            listed.addAll(page);
            if (page.size() < pageSize) {
                break;
            }
            cursor = page.get(page.size() - 1);
        }
        assertThat(listed).isEqualTo(dag.canonicalOrder());
    }

    @Test
    void aZeroHashCursorListsFromTheFirstBlockAtItsHeightAndPagingContinuesInsideAHeight() {
        DagIndex dag = DagIndex.create(PARAMS);
        for (int i = 0; i < 7; i++) {
            DagBlock b = new DagMiner(PARAMS).mineOn(List.of(BlockAtHeight.of(GENESIS)), List.of(), NOW,
                    ("sibling " + i).getBytes(StandardCharsets.UTF_8));
            dag.add(b);
        }
        List<BlockAtHeight> heightOne = dag.blocksFromHeight(1, Hash.ZERO, 100);
        assertThat(dag.blocksAfter(new BlockAtHeight(Hash.ZERO, 1), 100)).isEqualTo(heightOne).hasSize(7);
        assertThat(dag.blocksAfter(heightOne.get(2), 3)).isEqualTo(heightOne.subList(3, 6));
        assertThat(dag.blocksAfter(heightOne.get(6), 3)).isEmpty();
    }

    @Test
    void aLocatorIsDenseNearTheTopThenDoublesDownToGenesis() {
        DagIndex dag = DagBuilder.index(DagBuilder.grow(1, 100, new Random(3)));
        DagLocator locator = DagLocator.of(dag);
        List<Integer> heights = locator.entries().stream().map(DagLocator.Entry::height).toList();
        int top = dag.maxHeight();
        assertThat(heights.subList(0, 10)).containsExactly(top, top - 1, top - 2, top - 3, top - 4, top - 5, top - 6,
                top - 7, top - 8, top - 9);
        assertThat(heights.get(10)).isEqualTo(top - 11);
        assertThat(heights.get(11)).isEqualTo(top - 15);
        assertThat(heights).endsWith(0).isSortedAccordingTo(Collections.reverseOrder());
        for (DagLocator.Entry e : locator.entries()) {
            assertThat(e.digest()).isEqualTo(dag.digestThrough(e.height()));
        }
        assertThat(DagLocator.of(DagIndex.create(PARAMS)).entries()).hasSize(1);
        assertThat(DagLocator.genesisOnly(dag).firstUnsharedHeight(dag)).isEqualTo(1);
    }

    /**
     * Two DAGs that share a prefix and then grew apart: the listing starts at or below the lowest height where
     * they differ, so it never skips a block the asker lacks, and not below the highest sampled height both
     * share.
     */
    @Property(tries = 100)
    void aListingStartsAtOrBelowTheFork(@ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int shared,
            @ForAll @IntRange(min = 0, max = 60) int apartA, @ForAll @IntRange(min = 0, max = 60) int apartB) {
        Random random = new Random(seed);
        List<DagBlock> prefix = DagBuilder.grow(2, shared, random);
        DagIndex a = DagBuilder.index(prefix);
        DagIndex b = DagBuilder.index(prefix);
        grow(a, apartA, "a", random);
        grow(b, apartB, "b", random);

        int start = DagLocator.of(a).firstUnsharedHeight(b);

        Set<BlockAtHeight> inA = new HashSet<>(a.canonicalOrder());
        Set<BlockAtHeight> inB = new HashSet<>(b.canonicalOrder());
        int fork = Integer.MAX_VALUE;
        for (BlockAtHeight x : a.canonicalOrder()) {
            if (!inB.contains(x)) {
                fork = Math.min(fork, x.height());
            }
        }
        for (BlockAtHeight x : b.canonicalOrder()) {
            if (!inA.contains(x)) {
                fork = Math.min(fork, x.height());
            }
        }
        assertThat(start).as("start %d, fork %d", start, fork).isLessThanOrEqualTo(fork);
        for (DagLocator.Entry e : DagLocator.of(a).entries()) {
            if (e.height() < fork) {
                assertThat(start).as("the highest sampled height below the fork is shared").isGreaterThan(e.height());
                break;
            }
        }
    }

    private static void grow(DagIndex dag, int count, String who, Random random) {
        DagMiner miner = new DagMiner(PARAMS);
        for (int i = 0; i < count; i++) {
            List<BlockAtHeight> tips = new ArrayList<>(dag.tipsInCanonicalOrder());
            Collections.shuffle(tips, random);
            List<BlockAtHeight> parents = new ArrayList<>(tips.subList(0, 1 + random.nextInt(Math.min(tips.size(), 8))));
            parents.sort(BlockAtHeight.CANONICAL);
            dag.add(miner.mineOn(parents, List.of(), NOW, (who + i).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
