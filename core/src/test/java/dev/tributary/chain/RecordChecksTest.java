package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path's median time past, which moves a window up a chain from one call to the next, against
 * {@link MedianTimePast} walking the index: children of the last header, of earlier headers (forks) and of the
 * same parent twice, near the start and further up.
 */
class RecordChecksTest {
    private static final long NOW = 2_000_000_000L;
    private static final long BITS = 0x207fffffL;

    @Test
    void theMedianTimePastRuleMatchesTheWalkingOneWhereverTheNextParentIs() {
        NetworkParameters params = NetworkParameters.REGTEST;
        BlockIndex index = BlockIndex.fromGenesis(params);
        RecordChecks checks = new RecordChecks(index, new HeaderValidator(params));
        Random random = new Random(11);
        List<Integer> records = new ArrayList<>(List.of(index.recordOf(index.tip().hash())));
        for (int step = 0; step < 600; step++) {
            int last = records.get(records.size() - 1);
            int roll = random.nextInt(10);
            int parent = roll < 6 ? last : roll < 8 ? records.get(random.nextInt(records.size()))
                    : records.get(Math.max(0, records.size() - 2));
            HeaderSyncData parentData = index.data(parent);
            long mtp = MedianTimePast.of(parentData, index);

            assertThat(checks.plainlyValid(child(parentData, mtp, 0), parent, NOW))
                    .as("step %d: a time equal to the median %d", step, mtp).isFalse();
            assertThat(checks.plainlyValid(child(parentData, mtp + 1, 0), parent, NOW))
                    .as("step %d: a time one second after the median %d", step, mtp).isTrue();

            // Times go back and forth, as real ones do, so that the median is not simply the middle of an order.
            long time = mtp + 1 + random.nextInt(3_600);
            BlockHeader header = child(parentData, time, 1);
            records.add(index.addChild(header, parent));
        }
    }

    private static BlockHeader child(HeaderSyncData parent, long time, int nonceSeed) {
        return BlockMiner.solve(new BlockHeader(0x20000000, parent.hash(), Hash.ZERO, time, BITS, nonceSeed));
    }
}
