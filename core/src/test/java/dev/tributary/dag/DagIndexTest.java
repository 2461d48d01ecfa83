package dev.tributary.dag;

import static dev.tributary.dag.DagFixtures.GENESIS;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.filled;
import static dev.tributary.dag.DagFixtures.mineAndAdd;
import static dev.tributary.dag.DagFixtures.mineOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DagIndexTest {
    private DagIndex dag;
    private DagBlock a;
    private DagBlock b;
    private DagBlock c;

    /** genesis <- a, genesis <- b, a <- c: tips b (height 1) and c (height 2). */
    @BeforeEach
    void diamond() {
        dag = DagIndex.create(PARAMS);
        a = mineOn(dag, "a", GENESIS.hash());
        b = mineOn(dag, "b", GENESIS.hash());
        dag.add(a);
        dag.add(b);
        c = mineOn(dag, "c", a.hash());
        dag.add(c);
    }

    @Test
    void aNewIndexHoldsGenesisAsItsOnlyTip() {
        DagIndex fresh = DagIndex.create(PARAMS);
        DagState s = fresh.state();
        assertThat(s.tips()).containsExactly(GENESIS.hash());
        assertThat(s.blockCount()).isEqualTo(1);
        assertThat(s.minTipHeight()).isZero();
        assertThat(s.maxTipHeight()).isZero();
        assertThat(fresh.maxHeight()).isZero();
        assertThat(fresh.genesisHash()).isEqualTo(PARAMS.genesisHash());
    }

    @Test
    void childrenTipsAndHeights() {
        assertThat(dag.children(GENESIS.hash())).containsExactly(a.hash(), b.hash());
        assertThat(dag.children(a.hash())).containsExactly(c.hash());
        assertThat(dag.children(c.hash())).isEmpty();
        assertThat(dag.tips()).containsExactlyElementsOf(Stream.of(b.hash(), c.hash()).sorted().toList());
        assertThat(dag.height(c.hash())).hasValue(2);
        assertThat(dag.height(filled(1))).isEmpty();
        assertThat(dag.header(b.hash())).contains(b.header());
        assertThat(dag.header(filled(1))).isEmpty();
        assertThat(dag.contains(GENESIS.hash())).isTrue();
        assertThat(dag.maxHeight()).isEqualTo(2);
        assertThat(dag.size()).isEqualTo(4);
    }

    @Test
    void stateSummarisesTheTips() {
        DagState s = dag.state();
        List<Hash> sorted = Stream.of(b.hash(), c.hash()).sorted().toList();
        assertThat(s.tips()).containsExactlyElementsOf(sorted);
        assertThat(s.tipsHash()).isEqualTo(DagState.tipsHash(sorted));
        assertThat(s.minTipHeight()).isEqualTo(1);
        assertThat(s.maxTipHeight()).isEqualTo(2);
        assertThat(s.blockCount()).isEqualTo(4);
    }

    @Test
    void tipsHashIsSha256dOfTheConcatenatedHashes() {
        // Computed with Python's hashlib: sha256(sha256(b"\x11" * 32 + b"\x22" * 32)).
        assertThat(DagState.tipsHash(List.of(filled(0x11), filled(0x22))))
                .isEqualTo(Hash.fromDisplayHex("ba982c0808a9a03c4e958ae612516f85faac3780dcb34d9ab83ceeaf74b54011"));
    }

    @Test
    void aMergeBlockRemovesEveryParentFromTheTips() {
        DagBlock merge = mineAndAdd(dag, "merge");
        assertThat(merge.parents()).containsExactly(b.hash(), c.hash()); // canonical order: b at 1, c at 2
        assertThat(merge.height()).isEqualTo(3);
        assertThat(dag.tips()).containsExactly(merge.hash());
        assertThat(dag.state().minTipHeight()).isEqualTo(3);
    }

    @Test
    void canonicalOrderIsByHeightThenHash() {
        List<BlockAtHeight> order = dag.canonicalOrder();
        assertThat(order).isSortedAccordingTo(Comparator.comparingInt(BlockAtHeight::height).thenComparing(BlockAtHeight::hash));
        assertThat(order).extracting(BlockAtHeight::hash).startsWith(GENESIS.hash()).endsWith(c.hash())
                .containsExactlyInAnyOrder(GENESIS.hash(), a.hash(), b.hash(), c.hash());
        Hash first = a.hash().compareTo(b.hash()) < 0 ? a.hash() : b.hash();
        assertThat(order.get(1).hash()).isEqualTo(first);
    }

    @Test
    void blocksFromHeightFollowTheCanonicalOrder() {
        List<BlockAtHeight> all = dag.canonicalOrder();
        assertThat(dag.blocksFromHeight(0, Hash.ZERO, 500)).isEqualTo(all);
        assertThat(dag.blocksFromHeight(1, Hash.ZERO, 500)).isEqualTo(all.subList(1, 4));
        assertThat(dag.blocksFromHeight(1, Hash.ZERO, 2)).isEqualTo(all.subList(1, 3));
        assertThat(dag.blocksFromHeight(3, Hash.ZERO, 500)).isEmpty();
        assertThat(dag.blocksFromHeight(0, Hash.ZERO, 0)).isEmpty();
    }

    @Test
    void blocksFromHeightStopAtAndIncludeTheStopHash() {
        List<BlockAtHeight> all = dag.canonicalOrder();
        Hash secondAtHeight1 = all.get(2).hash();
        assertThat(dag.blocksFromHeight(0, secondAtHeight1, 500)).isEqualTo(all.subList(0, 3));
        assertThat(dag.blocksFromHeight(1, all.get(1).hash(), 500)).isEqualTo(all.subList(1, 2));
        assertThat(dag.blocksFromHeight(2, GENESIS.hash(), 500)).as("stop before start").isEmpty();
        assertThat(dag.blocksFromHeight(1, filled(7), 500)).as("unknown stop: to the tips").isEqualTo(all.subList(1, 4));
    }

    @Test
    void addingTwiceChangesNothing() {
        DagState before = dag.state();
        assertThat(dag.add(c)).isFalse();
        assertThat(dag.state()).isEqualTo(before);
    }

    @Test
    void addRefusesBlocksThatWouldBreakTheGraph() {
        DagIndex other = DagIndex.create(PARAMS);
        DagBlock x = mineAndAdd(other, "x");
        DagBlock y = mineAndAdd(other, "y");
        DagIndex fresh = DagIndex.create(PARAMS);
        assertThatThrownBy(() -> fresh.add(y)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing parent");
        fresh.add(x);
        assertThat(fresh.missingParents(y.header())).isEmpty();
        DagHeader wrongHeight = new DagHeader(1, List.of(GENESIS.hash()), Hash.ZERO, 0, 0, 2, 0);
        assertThatThrownBy(() -> fresh.add(new DagBlock(wrongHeight, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have height 1");
        DagHeader twice = new DagHeader(1, List.of(GENESIS.hash(), GENESIS.hash()), Hash.ZERO, 0, 0, 1, 0);
        assertThatThrownBy(() -> fresh.add(new DagBlock(twice, List.of()))).isInstanceOf(IllegalArgumentException.class);
    }
}
