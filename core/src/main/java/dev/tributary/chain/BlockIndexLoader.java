package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.util.Arrays;
import java.util.Optional;

/**
 * Builds a {@link BlockIndex} from stored headers, record by record, without an object per header: a
 * store's scan hands each header's bytes, height and chain work to {@link #add}, in any order, and
 * {@link #finish} links the records. Nothing is revalidated or rehashed: the store holds validated
 * headers under their hashes.
 *
 * <p>Memory beyond the index's own records: the parents' hashes and the heights, 36 bytes a header, and
 * 8 bytes a header for the sort at the end; all freed when the index is built. Not thread-safe; one use.
 */
public final class BlockIndexLoader {
    private static final int CHUNK_BITS = 14;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final NetworkParameters params;
    private final HeaderRecords records = new HeaderRecords(Hash.ZERO);
    private byte[][] prevHashes = new byte[4][];
    private int[] heights = new int[1024];
    private boolean finished;

    public BlockIndexLoader(NetworkParameters params) {
        this.params = params;
    }

    /** Headers added so far. */
    public int size() {
        return records.size();
    }

    /**
     * Adds a stored header: its hash at {@code hashOffset} of {@code hash}, its 80 serialized bytes at
     * {@code headerOffset} of {@code header}, its height, and its chain work as an unsigned big-endian number
     * of {@code workLength} bytes at {@code workOffset} of {@code work}.
     *
     * @throws IllegalArgumentException when the hash was added already, the height is negative or the chain
     *                                  work needs more than 128 bits
     */
    public void add(byte[] hash, int hashOffset, byte[] header, int headerOffset, int height, byte[] work,
            int workOffset, int workLength) {
        if (finished) {
            throw new IllegalStateException("the index is built already");
        }
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height + " for header " + Hash.wrap(hash, hashOffset));
        }
        if (records.find(hash, hashOffset) >= 0) {
            throw new IllegalArgumentException("header " + Hash.wrap(hash, hashOffset) + " is stored twice");
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < workLength; k++) {
            if ((hi >>> 56) != 0) {
                throw new IllegalArgumentException("chain work of header " + Hash.wrap(hash, hashOffset)
                        + " needs more than 128 bits");
            }
            hi = hi << 8 | lo >>> 56;
            lo = lo << 8 | (work[workOffset + k] & 0xff);
        }
        int i = records.addRaw(hash, hashOffset, header, headerOffset, hi, lo);
        int c = i >>> CHUNK_BITS;
        if (c == prevHashes.length) {
            prevHashes = Arrays.copyOf(prevHashes, c * 2);
        }
        if (prevHashes[c] == null) {
            prevHashes[c] = new byte[CHUNK * Hash.LENGTH];
        }
        System.arraycopy(header, headerOffset + 4, prevHashes[c], (i & (CHUNK - 1)) * Hash.LENGTH, Hash.LENGTH);
        if (i == heights.length) {
            heights = Arrays.copyOf(heights, i * 2);
        }
        heights[i] = height;
    }

    /** Adds an entry given as an object (for stores that hold objects). */
    public void add(HeaderSyncData entry) {
        byte[] header = entry.header().serialize();
        byte[] work = entry.chainWork().toByteArray();
        int skip = work.length > 1 && work[0] == 0 ? 1 : 0;
        add(entry.hash().toBytes(), 0, header, 0, entry.height(), work, skip, work.length - skip);
    }

    /**
     * Links the records into an index: the entry of lowest height is the start, every other entry's parent
     * must have been added, and the tip is the entry with the most work (the first in height order, then
     * order of addition, among equals), or {@code preferredTip} when it has as much.
     *
     * @throws IllegalArgumentException when nothing was added, several entries share the lowest height, or
     *                                  an entry's parent is missing or not one below it: the store is not a chain
     */
    public BlockIndex finish(Optional<Hash> preferredTip) {
        if (finished) {
            throw new IllegalStateException("the index is built already");
        }
        finished = true;
        int n = records.size();
        if (n == 0) {
            throw new IllegalArgumentException("stored headers need exactly one entry of lowest height, the start");
        }
        int minHeight = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minHeight = Math.min(minHeight, heights[i]);
        }
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = (long) (heights[i] - minHeight) << 32 | i;
        }
        heights = null;
        Arrays.sort(order);
        if (n > 1 && (order[1] >>> 32) == 0) {
            throw new IllegalArgumentException("stored headers need exactly one entry of lowest height, the start");
        }
        int startRecord = (int) order[0];
        records.setFirstPrevHash(Hash.wrap(prevHashes[startRecord >>> CHUNK_BITS], (startRecord & (CHUNK - 1)) * Hash.LENGTH));
        records.link(startRecord, -1, -1, 0);
        BlockIndex index = new BlockIndex(params, records, startRecord, minHeight);
        int best = startRecord;
        for (int k = 1; k < n; k++) {
            int i = (int) order[k];
            int rel = (int) (order[k] >>> 32);
            byte[] chunk = prevHashes[i >>> CHUNK_BITS];
            int offset = (i & (CHUNK - 1)) * Hash.LENGTH;
            int parent = records.find(chunk, offset);
            if (parent < 0) {
                throw new IllegalArgumentException("parent " + Hash.wrap(chunk, offset) + " of " + records.hash(i)
                        + " is not indexed");
            }
            if (records.rel(parent) + 1 != rel || parent == i) {
                throw new IllegalArgumentException("height " + (minHeight + rel) + " of " + records.hash(i)
                        + " does not follow its parent's " + (minHeight + records.rel(parent)));
            }
            index.linkLoaded(i, parent);
            if (records.compareWork(i, best) > 0) {
                best = i;
            }
        }
        prevHashes = null;
        index.finishLoad(best, preferredTip);
        return index;
    }
}
