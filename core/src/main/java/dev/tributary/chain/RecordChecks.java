package dev.tributary.chain;

import java.math.BigInteger;

/**
 * The fast path of header validation, on the primitive fields of {@link BlockIndex}'s records: the same
 * rules as {@link HeaderValidator}, for the common case only, building no object. {@link #plainlyValid}
 * answers true only when the header passes every check; on false (a retarget height, a walk that reaches a
 * trusted start, a checkpointed height, or any failed check) the caller runs {@link HeaderValidator},
 * which decides and explains.
 *
 * <p>Caches the last target decoded (as four 64-bit limbs, so proof of work is four unsigned compares) and
 * the last min-difficulty walk-back (a child's walk starts where its parent's ended). One per index: the
 * cache holds record numbers. Not thread-safe.
 */
final class RecordChecks {
    private final NetworkParameters params;
    private final HeaderValidator validator;
    private final BlockIndex index;
    private final long[] times = new long[MedianTimePast.SPAN];
    /**
     * The times of record {@code windowTip} and its ancestors ({@code windowCount} of them, at most
     * {@link MedianTimePast#SPAN}), a ring whose oldest time is at {@code windowNext} once full.
     */
    private final long[] window = new long[MedianTimePast.SPAN];
    private int windowTip = -1;
    private int windowCount;
    private int windowNext;

    private long targetBits = -1;
    private boolean targetUsable;
    private final long[] target = new long[4];

    private int walkFrom = -1;
    private long walkBits;

    RecordChecks(BlockIndex index, HeaderValidator validator) {
        this.params = validator.params();
        this.validator = validator;
        this.index = index;
    }

    /** Whether {@code header}, as the child of record {@code parent}, certainly passes {@link HeaderValidator}. */
    boolean plainlyValid(BlockHeader header, int parent, long nowSeconds) {
        return plainlyValid(HeaderList.of(java.util.List.of(header)), 0, parent, nowSeconds);
    }

    /** {@link #plainlyValid(BlockHeader, int, long)} for header {@code h} of {@code headers}, on its bytes. */
    boolean plainlyValid(HeaderList headers, int h, int parent, long nowSeconds) {
        HeaderRecords r = index.records();
        int height = index.start().height() + r.rel(parent) + 1;
        if (!r.isParentOf(parent, headers, h) || height % params.retargetInterval() == 0) {
            return false;
        }
        long bits = headers.bits(h);
        long time = headers.time(h);
        if (bits != expectedBits(time, parent, r) || !meetsTarget(headers, h, bits)) {
            return false;
        }
        if (time <= medianTimePast(parent, r) || time > nowSeconds + params.maxFutureBlockTimeSeconds()) {
            return false;
        }
        return headers.version(h) >= validator.minimumVersion(height)
                && (params.checkpoints().isEmpty() || !params.checkpoints().containsKey(height));
    }

    /** {@link DifficultyRule} between retargets; -1 when the rule needs history before the start. */
    private long expectedBits(long time, int parent, HeaderRecords r) {
        long parentBits = r.bits(parent);
        if (!params.allowMinDifficultyBlocks()) {
            return parentBits;
        }
        long powLimitBits = params.powLimitBits();
        if (time > r.time(parent) + 2 * params.targetSpacingSeconds()) {
            return powLimitBits;
        }
        int startHeight = index.start().height();
        int walk = parent;
        long found = -1;
        while ((startHeight + r.rel(walk)) % params.retargetInterval() != 0 && r.bits(walk) == powLimitBits) {
            if (walk == walkFrom) {
                found = walkBits;
                break;
            }
            int previous = r.prev(walk);
            if (previous < 0) {
                return -1;
            }
            walk = previous;
        }
        long bits = found >= 0 ? found : r.bits(walk);
        walkFrom = parent;
        walkBits = bits;
        return bits;
    }

    /** Core's {@code CheckProofOfWork} on 64-bit limbs: a usable target at most the pow limit, hash at most it. */
    private boolean meetsTarget(HeaderList headers, int h, long bits) {
        if (bits != targetBits) {
            Difficulty.CompactTarget t = Difficulty.decode(bits);
            targetUsable = t.isUsableTarget() && t.value().compareTo(params.powLimit()) <= 0;
            BigInteger v = t.value();
            for (int k = 0; k < 4; k++) {
                target[k] = v.shiftRight(64 * k).longValue();
            }
            targetBits = bits;
        }
        if (!targetUsable) {
            return false;
        }
        for (int k = 3; k >= 0; k--) {
            int c = Long.compareUnsigned(headers.hashLimb(h, k), target[k]);
            if (c != 0) {
                return c < 0;
            }
        }
        return true;
    }

    /**
     * {@link MedianTimePast} of record {@code tip}: the median of the times of {@code tip} and its ancestors, up to
     * {@link MedianTimePast#SPAN} of them. A sync validates each header as the child of the one before, so the window
     * of the last call moves one record up (drop the oldest time, add the tip's) instead of being walked again.
     */
    private long medianTimePast(int tip, HeaderRecords r) {
        // tip != windowTip is tested once: HotSpot 17's C2 crashed (SIGSEGV in identical_backtoback_ifs, JDK-8353513)
        // compiling this method when it was tested twice back to back.
        if (tip != windowTip) {
            if (windowTip >= 0 && r.prev(tip) == windowTip) {
                moveWindowUp(r.time(tip));
            } else {
                fillWindow(tip, r);
            }
            windowTip = tip;
        }
        for (int k = 0; k < windowCount; k++) {
            long t = window[k];
            int j = k;
            while (j > 0 && times[j - 1] > t) {
                times[j] = times[j - 1];
                j--;
            }
            times[j] = t;
        }
        return times[windowCount / 2];
    }

    /** The window as the times of {@code tip} and its ancestors, walked from the records. */
    private void fillWindow(int tip, HeaderRecords r) {
        windowCount = 0;
        windowNext = 0;
        for (int i = tip; i >= 0 && windowCount < MedianTimePast.SPAN; i = r.prev(i)) {
            window[MedianTimePast.SPAN - 1 - windowCount++] = r.time(i); // oldest first, ending at the tip
        }
        if (windowCount < MedianTimePast.SPAN) {
            System.arraycopy(window, MedianTimePast.SPAN - windowCount, window, 0, windowCount);
            windowNext = windowCount;
        }
    }

    /** The window one record up: {@code time}, the new tip's, replaces the oldest once the window is full. */
    private void moveWindowUp(long time) {
        if (windowCount < MedianTimePast.SPAN) {
            window[windowCount++] = time;
            windowNext = windowCount % MedianTimePast.SPAN;
        } else {
            window[windowNext] = time;
            windowNext = (windowNext + 1) % MedianTimePast.SPAN;
        }
    }
}
