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

    /** Adds one id given as four little-endian 64-bit words. */
    void add(long w0, long w1, long w2, long w3) {
        long[] w = {w0, w1, w2, w3};
        long carry = 0;
        for (int i = 0; i < 4; i++) {
            long a = sum[i];
            long s = a + w[i];
            long c1 = Long.compareUnsigned(s, a) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            sum[i] = s2;
            carry = c1 + c2;
        }
        count++;
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
