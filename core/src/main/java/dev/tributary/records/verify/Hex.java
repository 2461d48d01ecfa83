package dev.tributary.records.verify;

/** Two longs as 32 hex digits and back, the wire form of row hashes and range fingerprints. */
final class Hex {
    private Hex() {
    }

    static String of(long high, long low) {
        return String.format("%016x%016x", high, low);
    }

    /** The two longs of {@code hex}; an error in words when it is not 32 hex digits. */
    static long[] twoLongs(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("a hash is 32 hex digits, not " + (hex == null ? "nothing" : "'" + hex + "'"));
        }
        return new long[] {Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16)};
    }
}
