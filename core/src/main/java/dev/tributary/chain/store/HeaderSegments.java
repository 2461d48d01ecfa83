package dev.tributary.chain.store;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.BlockIndexLoader;
import dev.tributary.chain.HeaderSyncData;
import java.math.BigInteger;
import java.util.Arrays;
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
    private static final int KEY_HASH = 5;
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

    /** Whether the segment of {@code key} begins with the header {@code hash}. */
    static boolean startsWith(byte[] key, Hash hash) {
        return Arrays.equals(hash.toBytes(), 0, Hash.LENGTH, key, KEY_HASH, KEY_COUNT);
    }

    /** Whether the segment of {@code key} covers {@code height}. */
    static boolean covers(byte[] key, int height) {
        int start = ChainStoreLayout.keyHeight(key);
        return start >= 0 && height >= start && height - start < count(key);
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
    static void writeHash(byte[] key, byte[] value, int i, byte[] target, int offset) {
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
            if (i == 0 && !startsWith(key, header.hash())) {
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
