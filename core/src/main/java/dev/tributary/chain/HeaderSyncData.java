package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A validated header with its place in the chain: its height and the cumulative chain work up to and
 * including it, counted from the chain's start header (genesis, or a trusted checkpoint) included.
 *
 * <p>Immutable, with a value's equality (header, height, chain work), like a record. The index makes one per
 * header it accepts; it hands over the chain work as two 64-bit limbs ({@link #ofWork(BlockHeader, int, long,
 * long)}, every chain work the index holds fits in 128 bits), and the {@link BigInteger} is made only when
 * {@link #chainWork()} is asked for: a header sync then makes none per header, and the store writes the limbs
 * ({@link #writeWork(byte[], int)}).
 */
public final class HeaderSyncData {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final BlockHeader header;
    private final int height;
    /** The chain work's limbs when it fits in 128 bits ({@link #fits128}). */
    private final long workHi;
    private final long workLo;
    private final boolean fits128;
    /** The chain work as a number: given, or made from the limbs on first use (a benign race: equal values). */
    private BigInteger chainWork;

    public HeaderSyncData(BlockHeader header, int height, BigInteger chainWork) {
        this.header = Objects.requireNonNull(header, "header");
        this.height = height;
        this.chainWork = Objects.requireNonNull(chainWork, "chainWork");
        this.fits128 = chainWork.signum() >= 0 && chainWork.bitLength() <= 128;
        this.workHi = fits128 ? chainWork.shiftRight(64).longValue() : 0;
        this.workLo = fits128 ? chainWork.longValue() : 0;
    }

    private HeaderSyncData(BlockHeader header, int height, long workHi, long workLo) {
        this.header = Objects.requireNonNull(header, "header");
        this.height = height;
        this.workHi = workHi;
        this.workLo = workLo;
        this.fits128 = true;
    }

    /** The entry whose chain work is the unsigned 128-bit number {@code workHi * 2^64 + workLo}. */
    public static HeaderSyncData ofWork(BlockHeader header, int height, long workHi, long workLo) {
        return new HeaderSyncData(header, height, workHi, workLo);
    }

    public BlockHeader header() {
        return header;
    }

    public int height() {
        return height;
    }

    /** The chain work up to and including this header. */
    public BigInteger chainWork() {
        BigInteger w = chainWork;
        if (w == null) {
            w = toBigInteger(workHi, workLo);
            chainWork = w;
        }
        return w;
    }

    public Hash hash() {
        return header.hash();
    }

    public Hash prevHash() {
        return header.prevHash();
    }

    /**
     * Writes the chain work as 32 big-endian bytes (unsigned 256-bit) at {@code offset}: straight from the limbs
     * when it fits in 128 bits, which makes no object.
     *
     * @return false, writing nothing, when the chain work is negative or needs more than 256 bits
     */
    public boolean writeWork(byte[] target, int offset) {
        if (fits128) {
            java.util.Arrays.fill(target, offset, offset + 16, (byte) 0);
            putLongBE(target, offset + 16, workHi);
            putLongBE(target, offset + 24, workLo);
            return true;
        }
        BigInteger w = chainWork;
        if (w.signum() < 0 || w.bitLength() > 256) {
            return false;
        }
        byte[] bytes = w.toByteArray();
        int n = Math.min(bytes.length, 32);
        java.util.Arrays.fill(target, offset, offset + 32 - n, (byte) 0);
        System.arraycopy(bytes, bytes.length - n, target, offset + 32 - n, n);
        return true;
    }

    private static void putLongBE(byte[] target, int offset, long v) {
        for (int i = 7; i >= 0; i--) {
            target[offset + i] = (byte) v;
            v >>>= 8;
        }
    }

    static BigInteger toBigInteger(long hi, long lo) {
        BigInteger low = BigInteger.valueOf(lo);
        if (lo < 0) {
            low = low.add(TWO_64);
        }
        if (hi == 0) {
            return low;
        }
        BigInteger high = BigInteger.valueOf(hi);
        if (hi < 0) {
            high = high.add(TWO_64);
        }
        return high.shiftLeft(64).or(low);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HeaderSyncData other) || height != other.height || !header.equals(other.header)) {
            return false;
        }
        if (fits128 && other.fits128) {
            return workHi == other.workHi && workLo == other.workLo;
        }
        return chainWork().equals(other.chainWork());
    }

    @Override
    public int hashCode() {
        return (header.hashCode() * 31 + height) * 31 + (fits128 ? Long.hashCode(workHi ^ workLo) : chainWork().hashCode());
    }

    @Override
    public String toString() {
        return "HeaderSyncData[header=" + header + ", height=" + height + ", chainWork=" + chainWork() + "]";
    }
}
