package dev.tributary.bytes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 and Bitcoin's double SHA-256 (SHA-256d). Digests are kept per thread, so these functions
 * are safe to call from any thread and allocate nothing but their result.
 */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** SHA-256 of {@code data[offset, offset + length)}. */
    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest d = DIGEST.get();
        d.update(data, offset, length);
        return d.digest();
    }

    /** SHA-256(SHA-256(data[offset, offset + length))) as raw bytes. */
    public static byte[] sha256dBytes(byte[] data, int offset, int length) {
        MessageDigest d = DIGEST.get();
        d.update(data, offset, length);
        byte[] out = new byte[32];
        try {
            // the first digest goes to the array that then receives the second: one array per hash
            d.digest(out, 0, 32);
            d.update(out);
            d.digest(out, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 writes 32 bytes", e);
        }
        return out;
    }

    /**
     * SHA-256d of {@code data[offset, offset + length)} written to {@code target} at {@code targetOffset} (32 bytes,
     * internal order), allocating nothing. The target range may not overlap the data.
     */
    public static void sha256dInto(byte[] data, int offset, int length, byte[] target, int targetOffset) {
        MessageDigest d = DIGEST.get();
        d.update(data, offset, length);
        try {
            d.digest(target, targetOffset, 32);
            d.update(target, targetOffset, 32);
            d.digest(target, targetOffset, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 writes 32 bytes", e);
        }
    }

    /** SHA-256d of a whole array, as a {@link Hash} in internal order. */
    public static Hash sha256d(byte[] data) {
        return Hash.adopt(sha256dBytes(data, 0, data.length));
    }

    /** SHA-256d of a slice, as a {@link Hash} in internal order. */
    public static Hash sha256d(byte[] data, int offset, int length) {
        return Hash.adopt(sha256dBytes(data, offset, length));
    }

    /** SHA-256d of two hashes concatenated: one step of a Merkle tree. */
    public static Hash sha256d(Hash left, Hash right) {
        byte[] buf = new byte[Hash.LENGTH * 2];
        left.copyTo(buf, 0);
        right.copyTo(buf, Hash.LENGTH);
        return sha256d(buf);
    }
}
