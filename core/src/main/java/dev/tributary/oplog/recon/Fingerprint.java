package dev.tributary.oplog.recon;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Negentropy's fingerprint of a set of ids: their sum as 256-bit little-endian numbers modulo 2^256, and their
 * count; the fingerprint is the first 16 bytes of SHA-256(sum (32 bytes, little-endian) || count (LEB128 varint)).
 * Sums add up, so a range's fingerprint needs one pass over it. An accumulator; not thread-safe.
 */
public final class Fingerprint {
    /** Bytes of a fingerprint on the wire. */
    public static final int BYTES = 16;
    private final long[] sum = new long[4];
    private long count;

    /** Adds one id (32 bytes). */
    public void add(byte[] id) {
        add(SortedItems.word(id, 0), SortedItems.word(id, 1), SortedItems.word(id, 2), SortedItems.word(id, 3));
    }

    /** Adds one id given as four little-endian 64-bit words (no array made: this runs once per item per range). */
    void add(long w0, long w1, long w2, long w3) {
        long carry = addWord(0, w0, 0);
        carry = addWord(1, w1, carry);
        carry = addWord(2, w2, carry);
        addWord(3, w3, carry);
        count++;
    }

    /** Adds {@code w} and {@code carry} (0 or 1) to word {@code i} of the sum; the carry out. */
    private long addWord(int i, long w, long carry) {
        long a = sum[i];
        long s = a + w;
        long c1 = Long.compareUnsigned(s, a) < 0 ? 1 : 0;
        long s2 = s + carry;
        long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
        sum[i] = s2;
        return c1 + c2;
    }

    public long count() {
        return count;
    }

    /** The 16 fingerprint bytes. */
    public byte[] bytes() {
        byte[] in = new byte[32 + 10];
        for (int i = 0; i < 4; i++) {
            for (int b = 0; b < 8; b++) {
                in[i * 8 + b] = (byte) (sum[i] >>> (8 * b));
            }
        }
        int at = 32;
        long c = count;
        do {
            int b = (int) (c & 0x7f);
            c >>>= 7;
            in[at++] = (byte) (c != 0 ? b | 0x80 : b);
        } while (c != 0);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(in, 0, at);
            return java.util.Arrays.copyOf(sha.digest(), BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
