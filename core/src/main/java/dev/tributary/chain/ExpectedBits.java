package dev.tributary.chain;

import java.math.BigInteger;

/**
 * What the {@code bits} of a header must be, as {@link DifficultyRule} determines it from the chain.
 *
 * <p>Usually one exact value. When the rule needs history from before the chain's trusted start (the first
 * block of a retarget period, or the walk back of the testnet 20-minute rule), it cannot be recomputed;
 * then any compact value whose target lies in {@code [minTarget, maxTarget]} is permitted, and
 * {@link #bits()} is a representative permitted value (what a miner should use).
 *
 * @param bits      the exact value, or a permitted representative when not {@code exact}
 * @param exact     whether {@code bits} is the only permitted value
 * @param minTarget smallest permitted target (inclusive); equals the decoded {@code bits} when exact
 * @param maxTarget largest permitted target (inclusive); equals the decoded {@code bits} when exact
 */
public record ExpectedBits(long bits, boolean exact, BigInteger minTarget, BigInteger maxTarget) {

    public static ExpectedBits exactly(long bits) {
        BigInteger t = Difficulty.decodeCompact(bits);
        return new ExpectedBits(bits, true, t, t);
    }

    public static ExpectedBits within(long representative, BigInteger minTarget, BigInteger maxTarget) {
        return new ExpectedBits(representative, false, minTarget, maxTarget);
    }

    /** Whether a header may carry {@code candidate} as its bits. */
    public boolean permits(long candidate) {
        if (exact) {
            return candidate == bits;
        }
        Difficulty.CompactTarget t = Difficulty.decode(candidate);
        return t.isUsableTarget() && t.value().compareTo(minTarget) >= 0 && t.value().compareTo(maxTarget) <= 0;
    }

    /** For messages: "0x1d00ffff", or the permitted range of targets. */
    public String describe() {
        if (exact) {
            return hex(bits);
        }
        return "a target in [0x" + minTarget.toString(16) + ", 0x" + maxTarget.toString(16) + "]";
    }

    static String hex(long bits) {
        return String.format("0x%08x", bits);
    }
}
