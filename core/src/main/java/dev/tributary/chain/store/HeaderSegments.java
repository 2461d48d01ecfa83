package dev.tributary.chain.store;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.BlockIndexLoader;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.WriteBatch;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Header segments, the header entries of chain store format 3 ({@link KeyValueSyncPersist}): a run of up to
 * {@link #MAX_HEADERS} consecutive headers, each the child of the one before, kept as one entry of the store.
 * A sync writes 32 times fewer entries than with one entry per header, so the store's cost per entry (a sorted
 * insert in its memory table, a record's framing in its log, an index entry in its tables) all but vanishes;
 * what is left is copying the bytes.
 *
 * <pre>
 *  key    'g' (0x67) | start height (int32 BE, &gt;= 0) | hash of the segment's first header (32, internal order)
 *         | n, the number of headers (uint16 BE)
 *  value  n records of {@value #RECORD} bytes, 1 &lt;= n &lt;= {@value #MAX_HEADERS}; record i:
 *           offset size
 *             0     80  the header at height start + i, as on the wire
 *            80     32  chain work up to and including it, unsigned 256-bit BE
 * </pre>
 *
 * Record i's header names record i - 1's hash as its parent, so a header's hash is read, not computed: the
 * key's for record 0, record i + 1's parent field for the others, and only the last record's is computed when
 * it is needed. Segments sort by start height, so a chain's segments are in height order and a sync appends;
 * forks are segments of their own, at the heights where they branch. The key says which heights a segment
 * covers, so a lookup reads the keys near a height and the value of the one segment that covers it.
 */
final class HeaderSegments {
    static final byte PREFIX = 'g';
    /**
     * Headers in a segment at most. 32 records are 3,584 bytes: below the size from which the RocksDB store keeps a
     * value in a blob file (4 KiB), so segments stay in its tables; and a lookup of one header reads the keys of the
     * segments that start up to 31 heights below it. The store's cost per entry is spread over 32 headers already.
     */
    static final int MAX_HEADERS = 32;
    static final int RECORD = ChainStoreLayout.HEADER_VALUE_SIZE;
    static final int KEY_SIZE = 1 + 4 + Hash.LENGTH + 2;
    static final int KEY_HASH = 5;
    private static final int KEY_COUNT = KEY_HASH + Hash.LENGTH;
    private static final int PREV = 4;
    private static final int WORK = BlockHeader.SIZE;

    private HeaderSegments() {
    }

    /** 'g' and the height: the first key of the segments that start at {@code height}. */
    static byte[] heightBound(long height) {
        if (height > Integer.MAX_VALUE) {
            return new byte[] {PREFIX + 1};
        }
        int h = (int) Math.max(0, height);
        return new byte[] {PREFIX, (byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h};
    }

    /** The range of keys to scan for the segments that may hold a header at {@code height}: [from, to). */
    static byte[][] rangeHolding(int height) {
        return new byte[][] {heightBound((long) height - MAX_HEADERS + 1), heightBound((long) height + 1)};
    }

    /** The key of the segment of {@code count} headers from {@code start}, the first of hash {@code hash}. */
    static byte[] key(int start, byte[] hash, int hashOffset, int count) {
        byte[] key = new byte[KEY_SIZE];
        key[0] = PREFIX;
        key[1] = (byte) (start >>> 24);
        key[2] = (byte) (start >>> 16);
        key[3] = (byte) (start >>> 8);
        key[4] = (byte) start;
        System.arraycopy(hash, hashOffset, key, KEY_HASH, Hash.LENGTH);
        key[KEY_COUNT] = (byte) (count >>> 8);
        key[KEY_COUNT + 1] = (byte) count;
        return key;
    }

    /** The number of headers a segment's key says it holds. */
    static int count(byte[] key) {
        return (key[KEY_COUNT] & 0xff) << 8 | (key[KEY_COUNT + 1] & 0xff);
    }

    /** Whether {@code key} has the shape of a segment's key (a scan of the prefix may meet other keys). */
    static boolean isKey(byte[] key) {
        return key.length == KEY_SIZE && key[0] == PREFIX;
    }

    /** Whether the segment of {@code key} covers {@code height}. */
    static boolean covers(byte[] key, int height) {
        int start = ChainStoreLayout.keyHeight(key);
        return start >= 0 && height >= start && height - start < count(key);
    }

    /** The headers of a save, read by index: from a {@link HeaderBatch}'s bytes or from entry objects. */
    private interface Source {
        int size();

        int height(int i);

        void writeHash(int i, byte[] target, int offset);

        /** Writes header {@code i}'s record ({@link #RECORD} bytes) at {@code offset} of {@code target}. */
        void writeRecord(int i, byte[] target, int offset);

        /** Whether header {@code i} is the child of header {@code i - 1}, one height above it. */
        boolean followsPrevious(int i);
    }

    private static Source source(List<HeaderSyncData> headers) {
        if (headers instanceof HeaderBatch batch) {
            return new Source() {
                public int size() {
                    return batch.size();
                }

                public int height(int i) {
                    return batch.height(i);
                }

                public void writeHash(int i, byte[] target, int offset) {
                    batch.writeHash(i, target, offset);
                }

                public void writeRecord(int i, byte[] target, int offset) {
                    batch.writeHeaderValue(i, target, offset);
                }

                public boolean followsPrevious(int i) {
                    return batch.follows(i, i - 1) && batch.height(i) == batch.height(i - 1) + 1;
                }
            };
        }
        return new Source() {
            public int size() {
                return headers.size();
            }

            public int height(int i) {
                return headers.get(i).height();
            }

            public void writeHash(int i, byte[] target, int offset) {
                headers.get(i).hash().copyTo(target, offset);
            }

            public void writeRecord(int i, byte[] target, int offset) {
                System.arraycopy(ChainStoreLayout.encodeHeader(headers.get(i)), 0, target, offset, RECORD);
            }

            public boolean followsPrevious(int i) {
                HeaderSyncData child = headers.get(i);
                HeaderSyncData parent = headers.get(i - 1);
                return child.height() == parent.height() + 1 && child.prevHash().equals(parent.hash());
            }
        };
    }

    /**
     * Puts {@code headers} in {@code batch} as segments, leaving out those {@code store} holds already: each run of
     * consecutive headers that follow each other (parent and height) becomes segments of up to {@link #MAX_HEADERS},
     * from its first header not yet stored. Returns whether all of {@code headers} follow each other, one chain.
     *
     * @throws IllegalArgumentException when a height is negative or a chain work does not fit in 256 bits
     */
    static boolean put(List<HeaderSyncData> headers, WriteBatch batch, KeyValueStore store) {
        Source source = source(headers);
        boolean linked = true;
        byte[] hash = new byte[Hash.LENGTH];
        int start = 0;
        while (start < source.size()) {
            int end = start + 1;
            while (end < source.size() && source.followsPrevious(end)) {
                end++;
            }
            if (end < source.size()) {
                linked = false;
            }
            if (source.height(start) < 0) {
                throw new IllegalArgumentException("negative height " + source.height(start) + " for header "
                        + headers.get(start).hash());
            }
            for (int from = start + storedPrefix(store, source, start, end); from < end; from += MAX_HEADERS) {
                int to = Math.min(end, from + MAX_HEADERS);
                byte[] value = new byte[(to - from) * RECORD];
                for (int i = from; i < to; i++) {
                    source.writeRecord(i, value, (i - from) * RECORD);
                }
                source.writeHash(from, hash, 0);
                batch.putOwned(key(source.height(from), hash, 0, to - from), value);
            }
            start = end;
        }
        return linked;
    }

    /**
     * How many of the run {@code [start, end)} of {@code source} (headers that follow each other) the store holds
     * already: the run's headers up to the highest one that a stored segment holds at its height. Two headers of
     * one hash have one ancestry, so the headers below it are stored too; found by a binary search in each segment
     * that overlaps the run's heights.
     */
    private static int storedPrefix(KeyValueStore store, Source source, int start, int end) {
        int low = source.height(start);
        int high = source.height(end - 1);
        int[] best = {low - 1};
        byte[] ours = new byte[Hash.LENGTH];
        byte[] theirs = new byte[Hash.LENGTH];
        store.scanKeys(heightBound((long) low - MAX_HEADERS + 1), heightBound((long) high + 1), key -> {
            if (!isKey(key)) {
                throw ChainStoreLayout.corrupt(store, key, "is not a header segment's key");
            }
            int segmentStart = ChainStoreLayout.keyHeight(key);
            int lo = Math.max(Math.max(low, segmentStart), best[0] + 1);
            int hi = Math.min(high, segmentStart + count(key) - 1);
            if (lo > hi) {
                return true; // the segment ends below the run, or below what another segment holds of it
            }
            byte[] value = store.get(key).orElseThrow(() -> ChainStoreLayout.corrupt(store, key, "vanished"));
            check(store, key, value);
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                source.writeHash(start + mid - low, ours, 0);
                writeHash(key, value, mid - segmentStart, theirs, 0);
                if (Arrays.equals(ours, theirs)) {
                    best[0] = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return true;
        });
        return best[0] - low + 1;
    }

    /** Checks a segment's key and value shapes; returns its start height. */
    static int check(Object store, byte[] key, byte[] value) {
        if (!isKey(key)) {
            throw ChainStoreLayout.corrupt(store, key, "is not a header segment's key");
        }
        int count = count(key);
        if (count == 0 || count > MAX_HEADERS) {
            throw ChainStoreLayout.corrupt(store, key, "says it holds " + count + " headers, not 1 to " + MAX_HEADERS);
        }
        if (value.length != count * RECORD) {
            throw ChainStoreLayout.corrupt(store, key, "has a value of " + value.length + " bytes, not " + count
                    + (count == 1 ? " record" : " records") + " of " + RECORD);
        }
        int start = ChainStoreLayout.keyHeight(key);
        if (start < 0) {
            throw ChainStoreLayout.corrupt(store, key, "has a negative height " + start);
        }
        if ((long) start + value.length / RECORD - 1 > Integer.MAX_VALUE) {
            throw ChainStoreLayout.corrupt(store, key, "ends above the highest height");
        }
        return start;
    }

    /** The hash of record {@code i}, written at {@code offset} of {@code target}. */
    private static void writeHash(byte[] key, byte[] value, int i, byte[] target, int offset) {
        int n = value.length / RECORD;
        if (i == 0) {
            System.arraycopy(key, KEY_HASH, target, offset, Hash.LENGTH);
        } else if (i < n - 1) {
            System.arraycopy(value, (i + 1) * RECORD + PREV, target, offset, Hash.LENGTH);
        } else {
            Sha256.sha256d(value, i * RECORD, BlockHeader.SIZE).copyTo(target, offset);
        }
    }

    /** Whether the segment holds the header {@code hash} at {@code height} (its shape checked by the caller). */
    static boolean holds(byte[] key, byte[] value, int height, Hash hash) {
        int i = height - ChainStoreLayout.keyHeight(key);
        if (i < 0 || i >= value.length / RECORD) {
            return false;
        }
        byte[] found = new byte[Hash.LENGTH];
        writeHash(key, value, i, found, 0);
        return hash.equals(Hash.wrap(found));
    }

    /** The index of the record whose hash is {@code hash}, or -1. */
    static int find(byte[] key, byte[] value, Hash hash) {
        byte[] scratch = new byte[Hash.LENGTH];
        for (int i = 0; i < value.length / RECORD; i++) {
            writeHash(key, value, i, scratch, 0);
            if (hash.equals(Hash.wrap(scratch))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Hands every header of a segment to {@code loader} as bytes: nothing is hashed but the last record, and its
     * hash is not checked (the store holds what it was given; {@link #decode} checks).
     */
    static void load(Object store, byte[] key, byte[] value, BlockIndexLoader loader) {
        int start = check(store, key, value);
        int n = value.length / RECORD;
        byte[] last = new byte[Hash.LENGTH];
        writeHash(key, value, n - 1, last, 0);
        try {
            for (int i = 0; i < n; i++) {
                byte[] hash = i == 0 ? key : i == n - 1 ? last : value;
                int hashOffset = i == 0 ? KEY_HASH : i == n - 1 ? 0 : (i + 1) * RECORD + PREV;
                loader.add(hash, hashOffset, value, i * RECORD, start + i, value, i * RECORD + WORK, 32);
            }
        } catch (IllegalArgumentException e) {
            throw ChainStoreLayout.corrupt(store, key, "cannot be loaded: " + e.getMessage());
        }
    }

    /**
     * Decodes every header of a segment, hashing each and checking that the segment is what its key says: its
     * first header has the key's hash and each header is the child of the one before.
     */
    static void decode(Object store, byte[] key, byte[] value, Consumer<HeaderSyncData> out) {
        int start = check(store, key, value);
        Hash parent = null;
        for (int i = 0; i < value.length / RECORD; i++) {
            BlockHeader header = BlockHeader.read(new ByteReader(value, i * RECORD, BlockHeader.SIZE));
            if (i == 0 && !Arrays.equals(header.hash().toBytes(), 0, Hash.LENGTH, key, KEY_HASH, KEY_COUNT)) {
                throw ChainStoreLayout.corrupt(store, key, "holds header " + header.hash() + " first instead");
            }
            if (parent != null && !header.prevHash().equals(parent)) {
                throw ChainStoreLayout.corrupt(store, key, "holds header " + header.hash() + " at height " + (start + i)
                        + ", not a child of the header before it");
            }
            out.accept(new HeaderSyncData(header, start + i, new BigInteger(1, value, i * RECORD + WORK, 32)));
            parent = header.hash();
        }
    }
}
