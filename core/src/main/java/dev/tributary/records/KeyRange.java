package dev.tributary.records;

/**
 * A range of record keys ({@code sdata:uuid}s) in a store's key order: from {@code from} (inclusive; null for the
 * start of the key space) to {@code to} (exclusive; null for its end). The order is the store's own: code point
 * order for text keys in the embedded store, the key column's order in a table (numbers as numbers: 9 before 10,
 * so "8751" to "10001" is a range), which is why a range checks no order of its bounds, only that they differ. The
 * verify pass compares two stores range by range and finds a row by its key where their orders differ.
 *
 * @param from the first key in the range, or null for no lower bound
 * @param to the first key after the range, or null for no upper bound
 */
public record KeyRange(String from, String to) {
    /** The whole key space. */
    public static final KeyRange ALL = new KeyRange(null, null);

    public KeyRange {
        if (from != null && from.equals(to)) {
            throw new IllegalArgumentException("the key range [" + from + ", " + to + ") is empty: its start and end"
                    + " are the same key");
        }
    }

    /**
     * Whether {@code key} lies in the range by code point order: exact for text keys, an estimate for a store that
     * orders otherwise (the verify pass only uses it to pick which ranges to look into again).
     */
    public boolean contains(String key) {
        return (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) < 0);
    }

    @Override
    public String toString() {
        return "[" + (from == null ? "start" : from) + ", " + (to == null ? "end" : to) + ")";
    }
}
