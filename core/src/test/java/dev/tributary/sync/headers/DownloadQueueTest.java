package dev.tributary.sync.headers;

import static dev.tributary.sync.TestChains.START;
import static dev.tributary.sync.TestChains.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.testing.ChainBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The download queue alone: batching, the window, what a peer can serve, giving back, removing. */
class DownloadQueueTest {
    private final ChainBuilder builder = ChainBuilder.regtest(7, START);

    private List<HeaderSyncData> blocks(int from, int to) {
        if (builder.tip().height() < to) {
            builder.extendTip(to - builder.tip().height());
        }
        List<HeaderSyncData> out = new ArrayList<>();
        for (int h = from; h <= to; h++) {
            out.add(at(builder, h));
        }
        return out;
    }

    private static List<Integer> heights(Optional<List<HeaderSyncData>> batch) {
        return batch.orElseThrow().stream().map(HeaderSyncData::height).toList();
    }

    @Test
    void cutsBlocksIntoBatchesLowestFirstWithAShortLastOne() {
        DownloadQueue queue = new DownloadQueue(blocks(1, 10), 4);

        assertThat(queue.size()).isEqualTo(3);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(1, 2, 3, 4);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(5, 6, 7, 8);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(9, 10);
        assertThat(queue.takeFirstWithin(100, last -> true)).isEmpty();
        assertThat(queue.size()).isZero();
    }

    @Test
    void handsOutOnlyBatchesThatStartWithinTheWindow() {
        DownloadQueue queue = new DownloadQueue(blocks(1, 8), 4);

        assertThat(queue.takeFirstWithin(0, last -> true)).isEmpty();
        assertThat(heights(queue.takeFirstWithin(1, last -> true))).containsExactly(1, 2, 3, 4);
        assertThat(queue.takeFirstWithin(4, last -> true)).isEmpty();
        assertThat(queue.allBeyond(4)).isTrue();
        assertThat(queue.allBeyond(5)).isFalse();
    }

    @Test
    void skipsBatchesThePeerCannotServeAndTakesALaterOne() {
        DownloadQueue queue = new DownloadQueue(blocks(1, 12), 4);

        assertThat(heights(queue.takeFirstWithin(100, last -> last > 4))).containsExactly(5, 6, 7, 8);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(1, 2, 3, 4);
        assertThat(queue.takeFirstWithin(100, last -> last <= 8)).isEmpty();
    }

    @Test
    void givenBackBlocksReturnSortedWhereTheirHeightBelongs() {
        DownloadQueue queue = new DownloadQueue(blocks(1, 12), 4);
        queue.takeFirstWithin(100, last -> true);
        queue.takeFirstWithin(100, last -> true);

        List<HeaderSyncData> back = blocks(1, 4);
        queue.giveBack(List.of(back.get(3), back.get(1)));
        queue.giveBack(List.of(at(builder, 6)));

        assertThat(queue.size()).isEqualTo(3);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(2, 4);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(6);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(9, 10, 11, 12);
    }

    @Test
    void removingABlockShrinksItsBatchInPlaceAndDropsAnEmptiedOne() {
        DownloadQueue queue = new DownloadQueue(blocks(1, 6), 3);

        queue.remove(at(builder, 2).hash());
        queue.remove(at(builder, 6).hash());
        queue.remove(at(builder, 4).hash());
        queue.remove(at(builder, 5).hash());

        assertThat(queue.size()).isEqualTo(1);
        assertThat(heights(queue.takeFirstWithin(100, last -> true))).containsExactly(1, 3);
        assertThat(queue.allBeyond(0)).isFalse();
    }
}
