package dev.tributary.dag;

import dev.tributary.bytes.Hash;

/**
 * The cumulative digest of a DAG by height: for a height h, the XOR of the hashes (internal byte order) of every
 * block at height h or below. Two DAGs whose digests at h are equal hold, but for a deliberate collision, the
 * same blocks up to h; {@link DagLocator} compares them to find where two DAGs start to differ.
 *
 * <p>A Fenwick tree over heights: adding a block and reading a digest both take O(log H) steps for a highest
 * height H, whatever order blocks arrive in (XOR is order-free, so a block connected late at a low height
 * needs no recomputation). 32 bytes per height; the tree doubles as heights grow. Not thread-safe: the
 * {@link DagIndex} that owns it belongs to the engine thread.
 */
final class HeightDigests {
    private static final int LONGS = Hash.LENGTH / Long.BYTES;

    /** Number of heights covered, a power of two; positions are 1-based, height h at position h + 1. */
    private int capacity = 16;
    /** Node i (1-based) at longs [(i - 1) * 4, i * 4): the XOR of positions (i - lowbit(i), i]. */
    private long[] tree = new long[capacity * LONGS];

    /** Adds a block at {@code height} (>= 0). */
    void add(int height, Hash hash) {
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height);
        }
        grow(height + 1);
        long[] h = longs(hash);
        for (int i = height + 1; i <= capacity; i += i & -i) {
            int at = (i - 1) * LONGS;
            for (int k = 0; k < LONGS; k++) {
                tree[at + k] ^= h[k];
            }
        }
    }

    /** The XOR of every block at {@code height} or below; the zero hash for a negative height. */
    Hash through(int height) {
        long[] acc = new long[LONGS];
        accumulate(Math.min(height + 1L, capacity), acc);
        return hash(acc);
    }

    private void accumulate(long position, long[] acc) {
        for (int i = (int) position; i > 0; i -= i & -i) {
            int at = (i - 1) * LONGS;
            for (int k = 0; k < LONGS; k++) {
                acc[k] ^= tree[at + k];
            }
        }
    }

    /**
     * Doubles the capacity until it covers {@code positions}. With a power-of-two capacity c, the new nodes in
     * (c, 2c) cover only new (empty) positions and node 2c covers all of (0, 2c]: the old total.
     */
    private void grow(int positions) {
        while (capacity < positions) {
            long[] total = new long[LONGS];
            accumulate(capacity, total);
            long[] bigger = new long[capacity * 2 * LONGS];
            System.arraycopy(tree, 0, bigger, 0, tree.length);
            System.arraycopy(total, 0, bigger, (capacity * 2 - 1) * LONGS, LONGS);
            tree = bigger;
            capacity *= 2;
        }
    }

    private static long[] longs(Hash hash) {
        long[] out = new long[LONGS];
        for (int i = 0; i < Hash.LENGTH; i++) {
            out[i / Long.BYTES] |= (hash.byteAt(i) & 0xffL) << (8 * (i % Long.BYTES));
        }
        return out;
    }

    private static Hash hash(long[] longs) {
        byte[] b = new byte[Hash.LENGTH];
        for (int i = 0; i < Hash.LENGTH; i++) {
            b[i] = (byte) (longs[i / Long.BYTES] >>> (8 * (i % Long.BYTES)));
        }
        return Hash.wrap(b);
    }
}
