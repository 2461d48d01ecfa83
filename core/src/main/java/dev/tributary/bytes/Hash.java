package dev.tributary.bytes;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte hash, immutable. The bytes are kept in internal order, the order they have on the wire and
 * as output of SHA-256d. Bitcoin displays hashes reversed ("display order"), so {@link #toString()} and
 * {@link #fromDisplayHex(String)} reverse; {@link #toBigInteger()} reads the bytes as the little-endian
 * number that proof of work compares against the target.
 */
public final class Hash implements Comparable<Hash> {
    /** Length of every hash, in bytes. */
    public static final int LENGTH = 32;
    /** The all-zero hash: "no stop hash" in locators, "no parent" for genesis. */
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hashCode;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
        // The bytes are uniformly distributed, so any four of them make a good hash code.
        this.hashCode = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
    }

    /** Wraps a copy of 32 bytes in internal (wire) order. */
    public static Hash wrap(byte[] internalOrder) {
        if (internalOrder.length != LENGTH) {
            throw new IllegalArgumentException("a hash has 32 bytes, not " + internalOrder.length);
        }
        return new Hash(internalOrder.clone());
    }

    /** Copies 32 bytes in internal order starting at {@code offset}. */
    public static Hash wrap(byte[] source, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, source.length);
        return new Hash(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    /** Takes ownership of the array without copying; for codecs that just allocated it. */
    static Hash adopt(byte[] internalOrder) {
        return new Hash(internalOrder);
    }

    /** Parses the display form (reversed, 64 hex digits) that block explorers and RPCs print. */
    public static Hash fromDisplayHex(String hex) {
        byte[] b = parseHex(hex);
        reverse(b);
        return new Hash(b);
    }

    /** Parses 64 hex digits in internal order. */
    public static Hash fromInternalHex(String hex) {
        return new Hash(parseHex(hex));
    }

    private static byte[] parseHex(String hex) {
        if (hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("a hash is 64 hex digits, got " + hex.length() + ": " + hex);
        }
        return HEX.parseHex(hex);
    }

    /** A copy of the bytes in internal order. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 32 bytes in internal order into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** Byte {@code i} in internal order. */
    public byte byteAt(int i) {
        return bytes[i];
    }

    /** The hash as an unsigned little-endian 256-bit number, as proof of work reads it. */
    public BigInteger toBigInteger() {
        byte[] be = bytes.clone();
        reverse(be);
        return new BigInteger(1, be);
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** Hex of the internal order. */
    public String toInternalHex() {
        return HEX.formatHex(bytes);
    }

    /** The display form: reversed, as Bitcoin software prints block and transaction hashes. */
    @Override
    public String toString() {
        byte[] b = bytes.clone();
        reverse(b);
        return HEX.formatHex(b);
    }

    /** A short form for logs: the first 16 digits of the display form after leading zeros are skipped. */
    public String toShortString() {
        String s = toString();
        int i = 0;
        while (i < s.length() - 16 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i, i + 16);
    }

    /** Whether the 32 bytes at {@code offset} of {@code source} are this hash's, in internal order. */
    public boolean equalsBytes(byte[] source, int offset) {
        return Arrays.equals(bytes, 0, LENGTH, source, offset, offset + LENGTH);
    }

    /** The first eight bytes in internal order as a little-endian long: uniformly distributed, for hash tables. */
    public long prefix64() {
        return (long) LE_LONG.get(bytes, 0);
    }

    /**
     * Bytes {@code [8 * limb, 8 * limb + 8)} in internal order as a little-endian long: limb 3 holds the
     * most significant bits of the hash read as a 256-bit little-endian number (how proof of work reads it).
     */
    public long limb(int limb) {
        return (long) LE_LONG.get(bytes, 8 * limb);
    }

    private static final java.lang.invoke.VarHandle LE_LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash other && hashCode == other.hashCode && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    /** Orders hashes by their bytes in display order (most significant first), as numbers compare. */
    @Override
    public int compareTo(Hash o) {
        for (int i = LENGTH - 1; i >= 0; i--) {
            int c = Integer.compare(bytes[i] & 0xff, o.bytes[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static void reverse(byte[] b) {
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }
}
