package dev.tributary.chain;

import java.math.BigInteger;

/**
 * Bitcoin's compact target encoding ("nBits") and the work a target represents.
 *
 * <p>A compact value is {@code size << 24 | sign << 23 | mantissa}: the target is {@code mantissa × 256^(size-3)}
 * (shifted right when {@code size < 3}). The functions here reproduce Bitcoin Core's
 * {@code arith_uint256::SetCompact} and {@code GetCompact} bit for bit, including their treatment of the
 * sign bit and of values that do not fit in 256 bits, and {@code GetBlockProof} for work.
 */
public final class Difficulty {
    /** 2^256, the numerator of block work. */
    public static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MASK_256 = TWO_256.subtract(BigInteger.ONE);

    private Difficulty() {
    }

    /**
     * A decoded compact value: the 256-bit magnitude as {@code SetCompact} leaves it, and the two flags
     * it reports. Bitcoin Core rejects a target that is negative, overflows, or is zero.
     */
    public record CompactTarget(BigInteger value, boolean negative, boolean overflow) {
        /** True when the value can serve as a proof-of-work target: not negative, no overflow, not zero. */
        public boolean isUsableTarget() {
            return !negative && !overflow && value.signum() > 0;
        }
    }

    /** Decodes {@code bits} (uint32) as Core's {@code SetCompact(bits, &negative, &overflow)}. */
    public static CompactTarget decode(long bits) {
        DecodeMemo memo = lastDecode;
        if (memo.bits() == bits) {
            return memo.target();
        }
        CompactTarget target = decodeUncached(bits);
        lastDecode = new DecodeMemo(bits, target);
        return target;
    }

    /**
     * One-entry memos: consecutive headers almost always carry the same bits (they change at most every
     * 2,016 blocks), so header validation decodes and divides once per run of equal bits. Immutable
     * records behind volatile fields: safe from any thread.
     */
    private record DecodeMemo(long bits, CompactTarget target) {
    }

    private record WorkMemo(long bits, BigInteger work) {
    }

    private static volatile DecodeMemo lastDecode = new DecodeMemo(-1, null);
    private static volatile WorkMemo lastWork = new WorkMemo(-1, null);

    private static CompactTarget decodeUncached(long bits) {
        int compact = (int) bits;
        int size = compact >>> 24;
        int word = compact & 0x007fffff;
        BigInteger value;
        if (size <= 3) {
            // Core shifts the word itself here, so the flags below look at what is left of it.
            word >>>= 8 * (3 - size);
            value = BigInteger.valueOf(word);
        } else {
            // arith_uint256 shifts drop bits beyond 256: keep that truncation for overflowing values.
            value = BigInteger.valueOf(word).shiftLeft(8 * (size - 3)).and(MASK_256);
        }
        boolean negative = word != 0 && (compact & 0x00800000) != 0;
        boolean overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        return new CompactTarget(value, negative, overflow);
    }

    /**
     * The magnitude of the target encoded by {@code bits}, ignoring the sign bit, as Core's
     * {@code SetCompact} computes it. Whether the value is a usable target is {@link #isValidCompact(long)}.
     */
    public static BigInteger decodeCompact(long bits) {
        return decode(bits).value();
    }

    /** True when {@code bits} decodes to a positive target without the negative or overflow flag. */
    public static boolean isValidCompact(long bits) {
        return decode(bits).isUsableTarget();
    }

    /** Encodes a non-negative target as Core's {@code GetCompact(false)}: three significant bytes, rounded down. */
    public static long encodeCompact(BigInteger target) {
        return encodeCompact(target, false);
    }

    /**
     * Core's {@code GetCompact(negative)}: the sign bit is set only when {@code negative} and the mantissa is
     * not zero. The mantissa never has its 0x00800000 bit set from the value itself: such a value moves one
     * byte up instead.
     */
    public static long encodeCompact(BigInteger target, boolean negative) {
        if (target.signum() < 0 || target.bitLength() > 256) {
            throw new IllegalArgumentException("a target is a 256-bit unsigned number: " + target.toString(16));
        }
        int size = (target.bitLength() + 7) / 8;
        long compact;
        if (size <= 3) {
            compact = target.longValue() << (8 * (3 - size));
        } else {
            compact = target.shiftRight(8 * (size - 3)).longValue();
        }
        if ((compact & 0x00800000L) != 0) {
            compact >>>= 8;
            size++;
        }
        compact |= (long) size << 24;
        if (negative && (compact & 0x007fffffL) != 0) {
            compact |= 0x00800000L;
        }
        return compact;
    }

    /**
     * The expected number of hashes to find a block with these bits: floor(2^256 / (target + 1)), Core's
     * {@code GetBlockProof}; zero when the bits are negative, overflow, or encode zero.
     */
    public static BigInteger work(long bits) {
        WorkMemo memo = lastWork;
        if (memo.bits() == bits) {
            return memo.work();
        }
        CompactTarget t = decode(bits);
        BigInteger work = t.isUsableTarget() ? TWO_256.divide(t.value().add(BigInteger.ONE)) : BigInteger.ZERO;
        lastWork = new WorkMemo(bits, work);
        return work;
    }
}
