package dev.tributary.dag;

import static dev.tributary.dag.DagFixtures.GENESIS;
import static dev.tributary.dag.DagFixtures.NOW;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.mineOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagMinerTest {
    private final DagMiner miner = new DagMiner(PARAMS);

    @Test
    void minesOnAllTipsWithTheHeightInTheCoinbase() {
        DagIndex dag = DagIndex.create(PARAMS);
        DagBlock a = mineOn(dag, "a", GENESIS.hash());
        DagBlock b = mineOn(dag, "b", GENESIS.hash());
        dag.add(a);
        dag.add(b);
        DagBlock merge = miner.mine(dag, List.of(), NOW, "m".getBytes());
        assertThat(merge.parents()).containsExactlyElementsOf(dag.tipsInCanonicalOrder().stream().map(BlockAtHeight::hash).toList());
        assertThat(merge.height()).isEqualTo(2);
        assertThat(merge.transactions().get(0).inputs().get(0).scriptSig()).startsWith(0x52); // OP_2
        assertThat(merge.header().bits()).isEqualTo(PARAMS.powBits());
        assertThat(new DagValidator(PARAMS).validate(merge, dag, NOW).isAccepted()).isTrue();
    }

    @Test
    void withMoreThanEightTipsTheFirstEightInCanonicalOrderArePicked() {
        DagIndex dag = DagIndex.create(PARAMS);
        List<DagBlock> tips = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tips.add(mineOn(dag, "t" + i, GENESIS.hash()));
        }
        DagBlock high = mineOn(dag, "high", GENESIS.hash());
        tips.forEach(dag::add);
        dag.add(high);
        DagBlock higher = mineOn(dag, "higher", high.hash()); // a tip at height 2, after all those at 1
        dag.add(higher);
        assertThat(dag.tips()).hasSize(11);
        List<BlockAtHeight> expected = dag.tipsInCanonicalOrder().subList(0, 8);
        assertThat(expected).extracting(BlockAtHeight::height).containsOnly(1);
        DagBlock merge = miner.mine(dag, List.of(), NOW, new byte[0]);
        assertThat(merge.parents()).containsExactlyElementsOf(expected.stream().map(BlockAtHeight::hash).toList());
        assertThat(merge.height()).isEqualTo(2);
        assertThat(new DagValidator(PARAMS).validate(merge, dag, NOW).isAccepted()).isTrue();
        dag.add(merge);
        assertThat(dag.tips()).hasSize(4);
    }

    @Test
    void differentPayloadsGiveDifferentBlocksOnTheSameTips() {
        DagIndex dag = DagIndex.create(PARAMS);
        assertThat(miner.mine(dag, List.of(), NOW, new byte[] {1})).isNotEqualTo(miner.mine(dag, List.of(), NOW, new byte[] {2}));
        assertThat(miner.mine(dag, List.of(), NOW, new byte[] {1})).isEqualTo(miner.mine(dag, List.of(), NOW, new byte[] {1}));
    }

    @Test
    void badParentListsAreRefused() {
        BlockAtHeight g = BlockAtHeight.of(GENESIS);
        assertThatThrownBy(() -> miner.mineOn(List.of(), List.of(), NOW, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> miner.mineOn(List.of(g, g), List.of(), NOW, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
