package dev.tributary.chain;

import java.util.Arrays;
import java.util.Optional;

/**
 * Core's {@code CBlockIndex::GetMedianTimePast}: the median time of a block and the ten before it. A header
 * is valid only if its time is greater than the median time past of its parent ("time-too-old").
 */
public final class MedianTimePast {
    /** Core's {@code nMedianTimeSpan}. */
    public static final int SPAN = 11;

    private MedianTimePast() {
    }

    /**
     * The median of the times of {@code tip} and up to ten ancestors. Fewer are used when the chain starts
     * later (at genesis, or at a trusted start header), exactly as Core does near genesis: the element at
     * index {@code count / 2} of the sorted times.
     */
    public static long of(HeaderSyncData tip, AncestorLookup chain) {
        long[] times = new long[SPAN];
        int n = 0;
        times[n++] = tip.header().time();
        for (int h = tip.height() - 1; n < SPAN && h >= 0; h--) {
            Optional<HeaderSyncData> a = chain.ancestor(tip, h);
            if (a.isEmpty()) {
                break;
            }
            times[n++] = a.get().header().time();
        }
        Arrays.sort(times, 0, n);
        return times[n / 2];
    }
}
