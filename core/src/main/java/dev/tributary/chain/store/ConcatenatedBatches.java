package dev.tributary.chain.store;

import dev.tributary.chain.HeaderBatch;
import dev.tributary.chain.HeaderSyncData;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Several {@link HeaderBatch}es read as one list, in order, without copying them: what the store's write-behind queue
 * hands over when it writes queued batches at once. A copy into one array (up to {@link
 * WriteBehindPersist#MAX_COALESCED_HEADERS} headers, megabytes) was a tenth of the writer's time, most of it the
 * zeroing of the new array's memory. Entry {@code i} is found by a binary search over the batches' first indexes,
 * or at once when it is in the batch of the last lookup, which is how {@link HeaderSegmentWriter} reads: in order.
 *
 * <p>Immutable, like the batches. Not for concurrent reads: the last lookup is remembered.
 */
final class ConcatenatedBatches extends AbstractList<HeaderSyncData> implements RandomAccess {
    /** The batches, empty ones left out. */
    private final HeaderBatch[] parts;
    /** {@code starts[k]}: the index of part {@code k}'s first entry; {@code starts[parts.length]}: the size. */
    private final int[] starts;
    private int lastPart;

    ConcatenatedBatches(List<HeaderBatch> batches) {
        parts = batches.stream().filter(b -> !b.isEmpty()).toArray(HeaderBatch[]::new);
        starts = new int[parts.length + 1];
        for (int k = 0; k < parts.length; k++) {
            starts[k + 1] = starts[k] + parts[k].size();
        }
    }

    @Override
    public int size() {
        return starts[parts.length];
    }

    /** The part holding entry {@code i}. */
    int part(int i) {
        java.util.Objects.checkIndex(i, size());
        int k = lastPart;
        if (i < starts[k] || i >= starts[k + 1]) {
            int lo = 0;
            int hi = parts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= i) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            k = lo;
            lastPart = k;
        }
        return k;
    }

    @Override
    public HeaderSyncData get(int i) {
        int k = part(i);
        return parts[k].get(i - starts[k]);
    }

    int height(int i) {
        int k = part(i);
        return parts[k].height(i - starts[k]);
    }

    void writeHash(int i, byte[] target, int offset) {
        int k = part(i);
        parts[k].writeHash(i - starts[k], target, offset);
    }

    void writeHeaderValue(int i, byte[] target, int offset) {
        int k = part(i);
        parts[k].writeHeaderValue(i - starts[k], target, offset);
    }

    /** Whether entry {@code i}'s previous hash is entry {@code i - 1}'s hash, across parts too. */
    boolean followsPrevious(int i, byte[] scratch) {
        int k = part(i);
        int at = i - starts[k];
        if (at > 0) {
            return parts[k].follows(at, at - 1);
        }
        writeHash(i - 1, scratch, 0);
        return parts[k].prevHashEquals(at, scratch, 0);
    }
}
