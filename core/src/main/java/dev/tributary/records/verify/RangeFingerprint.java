package dev.tributary.records.verify;

/**
 * What one side holds in a key range, in a few bytes: how many live rows, and the sums (modulo 2^64) of the two
 * halves of their {@link RowHash}es. A sum does not depend on the order rows are added in, so a store computes it by
 * one range scan, and two sides hold the same rows in a range exactly when (but for a hash collision) their
 * fingerprints are equal.
 *
 * <p>Wire form: {@code "count": N, "hash": "<32 hex digits>"}.
 *
 * @param count the number of live rows
 * @param high the sum of their hashes' high halves
 * @param low the sum of their low halves
 */
public record RangeFingerprint(long count, long high, long low) {
    /** The fingerprint of no rows. */
    public static final RangeFingerprint EMPTY = new RangeFingerprint(0, 0, 0);

    public RangeFingerprint {
        if (count < 0) {
            throw new IllegalArgumentException("a row count is never negative: " + count);
        }
    }

    /** A fingerprint read from the wire. */
    public static RangeFingerprint parse(long count, String hex) {
        long[] both = Hex.twoLongs(hex);
        return new RangeFingerprint(count, both[0], both[1]);
    }

    /** This fingerprint with {@code row} added. */
    public RangeFingerprint plus(RowHash row) {
        return new RangeFingerprint(count + 1, high + row.high(), low + row.low());
    }

    /** The 32 hex digits of the sums. */
    public String hex() {
        return Hex.of(high, low);
    }

    @Override
    public String toString() {
        return count + ":" + hex();
    }
}
