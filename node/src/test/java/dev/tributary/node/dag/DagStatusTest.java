package dev.tributary.node.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.DagHeader;
import dev.tributary.dag.DagIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagStatusTest {
    private static int nonce;

    private static DagHeader block(int height, DagHeader... parents) {
        return new DagHeader(1, java.util.Arrays.stream(parents).map(DagHeader::hash).toList(), Hash.ZERO, 1_700_000_000L,
                0x207fffffL, height, nonce++);
    }

    @Test
    void recentStructureListsTheHighestBlocksWithTheirParentsHighestFirst() {
        DagHeader genesis = new DagHeader(1, List.of(), Hash.ZERO, 1_700_000_000L, 0x207fffffL, 0, 0);
        DagIndex index = new DagIndex(genesis);
        DagHeader a = block(1, genesis);
        DagHeader b = block(1, genesis);
        DagHeader merge = block(2, a, b);
        DagHeader tip1 = block(3, merge);
        DagHeader tip2 = block(3, merge);
        for (DagHeader h : List.of(a, b, merge, tip1, tip2)) {
            index.add(h);
        }

        List<DagStatus.DagNode> recent = DagStatus.recent(index);

        assertThat(recent).extracting(DagStatus.DagNode::height).containsExactly(3, 3, 2, 1, 1, 0);
        assertThat(recent.subList(0, 2)).extracting(DagStatus.DagNode::hash)
                .containsExactlyInAnyOrder(tip1.hash().toString(), tip2.hash().toString());
        assertThat(recent.get(2).parents()).containsExactlyInAnyOrder(a.hash().toString(), b.hash().toString());
        assertThat(recent.get(5).parents()).isEmpty();
    }

    @Test
    void recentStructureIsBoundedHoweverLongTheDag() {
        DagHeader genesis = new DagHeader(1, List.of(), Hash.ZERO, 1_700_000_000L, 0x207fffffL, 0, 0);
        DagIndex index = new DagIndex(genesis);
        DagHeader at = genesis;
        for (int h = 1; h <= DagStatus.RECENT * 3; h++) {
            at = block(h, at);
            index.add(at);
        }
        List<DagStatus.DagNode> recent = DagStatus.recent(index);
        assertThat(recent).hasSize(DagStatus.RECENT);
        assertThat(recent.get(0).height()).isEqualTo(DagStatus.RECENT * 3);
    }
}
