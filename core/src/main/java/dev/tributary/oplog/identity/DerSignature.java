package dev.tributary.oplog.identity;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * ECDSA signatures on secp256k1 in strict DER, the form OrbitDB's keystore (libp2p's crypto, noble-curves with
 * {@code format: 'der'}) writes and accepts:
 *
 * <pre>
 *   30 len  02 rlen r  02 slen s        len = 4 + rlen + slen (short form: a signature is at most 72 bytes)
 * </pre>
 *
 * Each integer is positive and minimal (a leading 00 only before a byte with its top bit set), both lie in
 * [1, n - 1], and nothing follows. Converts to and from the 64-byte compact form (r || s, big-endian) that
 * libsecp256k1 works with.
 */
public final class DerSignature {
    /** The order n of secp256k1's group. */
    public static final BigInteger N = new BigInteger(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    /** n / 2: signatures with a larger s are "high-S", which OrbitDB neither writes nor accepts. */
    public static final BigInteger HALF_N = N.shiftRight(1);

    private DerSignature() {
    }

    /** Strict DER of (r, s). */
    public static byte[] encode(BigInteger r, BigInteger s) {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        byte[] out = new byte[6 + rb.length + sb.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + rb.length + sb.length);
        out[2] = 0x02;
        out[3] = (byte) rb.length;
        System.arraycopy(rb, 0, out, 4, rb.length);
        out[4 + rb.length] = 0x02;
        out[5 + rb.length] = (byte) sb.length;
        System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
        return out;
    }

    /** Strict DER of a 64-byte compact signature. */
    public static byte[] fromCompact(byte[] compact) {
        if (compact.length != 64) {
            throw new IllegalArgumentException("a compact signature has 64 bytes, not " + compact.length);
        }
        return encode(new BigInteger(1, Arrays.copyOfRange(compact, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(compact, 32, 64)));
    }

    /**
     * The 64-byte compact form (r || s) of a strict DER signature, read from its bytes (no number objects: this runs
     * once per verified entry).
     *
     * @throws IllegalArgumentException saying which rule of strict DER the bytes break
     */
    public static byte[] toCompact(byte[] der) {
        if (der.length < 8 || der.length > 72) {
            throw new IllegalArgumentException("a DER signature has 8 to 72 bytes, not " + der.length);
        }
        if (der[0] != 0x30) {
            throw new IllegalArgumentException("a DER signature starts with 0x30");
        }
        if ((der[1] & 0xFF) != der.length - 2) {
            throw new IllegalArgumentException("the DER sequence length " + (der[1] & 0xFF) + " does not match the "
                    + (der.length - 2) + " bytes that follow");
        }
        byte[] out = new byte[64];
        int p = integer(der, 2, "r", out, 0);
        p = integer(der, p, "s", out, 32);
        if (p != der.length) {
            throw new IllegalArgumentException("bytes follow s in the DER signature");
        }
        return out;
    }

    /**
     * {r, s} of a strict DER signature.
     *
     * @throws IllegalArgumentException saying which rule of strict DER the bytes break
     */
    public static BigInteger[] decode(byte[] der) {
        byte[] compact = toCompact(der);
        return new BigInteger[] {new BigInteger(1, Arrays.copyOfRange(compact, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(compact, 32, 64))};
    }

    private static final byte[] N_BYTES = unsigned32(N);
    private static final byte[] HALF_N_BYTES = unsigned32(HALF_N);

    /** Whether the 32-byte big-endian s at {@code compact[offset..]} is at most n / 2. */
    public static boolean isLowS(byte[] compact, int offset) {
        return Arrays.compareUnsigned(compact, offset, offset + 32, HALF_N_BYTES, 0, 32) <= 0;
    }

    private static byte[] unsigned32(BigInteger v) {
        byte[] out = new byte[32];
        copyUnsigned(v, out, 0);
        return out;
    }

    /** Whether s is at most n / 2, as OrbitDB requires. */
    public static boolean isLowS(BigInteger s) {
        return s.compareTo(HALF_N) <= 0;
    }

    /**
     * Reads the DER integer at {@code der[p]} named {@code name} into {@code out[offset..offset + 32)} (big-endian,
     * right-aligned), checking that it is positive, minimal and in [1, n - 1]; the offset after it.
     */
    private static int integer(byte[] der, int p, String name, byte[] out, int offset) {
        if (p + 2 > der.length || der[p] != 0x02) {
            throw new IllegalArgumentException(name + " is not a DER integer");
        }
        int length = der[p + 1] & 0xFF;
        p += 2;
        if (length == 0 || length > 33 || p + length > der.length) {
            throw new IllegalArgumentException(name + " has a bad length " + length);
        }
        if ((der[p] & 0x80) != 0) {
            throw new IllegalArgumentException(name + " is negative");
        }
        if (length > 1 && der[p] == 0 && (der[p + 1] & 0x80) == 0) {
            throw new IllegalArgumentException(name + " has an unnecessary leading zero");
        }
        int from = der[p] == 0 ? p + 1 : p; // a leading 00 only keeps the number positive
        int size = p + length - from;
        if (size > 32) {
            throw new IllegalArgumentException(name + " is not in [1, n - 1]");
        }
        System.arraycopy(der, from, out, offset + 32 - size, size);
        if (isZero(out, offset) || Arrays.compareUnsigned(out, offset, offset + 32, N_BYTES, 0, 32) >= 0) {
            throw new IllegalArgumentException(name + " is not in [1, n - 1]");
        }
        return p + length;
    }

    private static boolean isZero(byte[] b, int offset) {
        for (int i = offset; i < offset + 32; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void copyUnsigned(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int skip = b.length > 32 ? b.length - 32 : 0;
        System.arraycopy(b, skip, out, offset + 32 - (b.length - skip), b.length - skip);
    }
}
