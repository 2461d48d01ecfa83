package dev.tributary.records;

/**
 * A range of record keys ({@code sdata:uuid}s) in a store's key order: from {@code from} (inclusive; null for the
 * start of the key space) to {@code to} (exclusive; null for its end). The verify pass compares two stores range by
 * range, so both must order keys alike (text keys in code point order, or keys of the same column type).
 *
 * @param from the first key in the range, or null for no lower bound
 * @param to the first key after the range, or null for no upper bound
 */
public record KeyRange(String from, String to) {
    /** The whole key space. */
    public static final KeyRange ALL = new KeyRange(null, null);

    public KeyRange {
        if (from != null && to != null && from.compareTo(to) >= 0) {
            throw new IllegalArgumentException("the key range [" + from + ", " + to + ") is empty: its start must come"
                    + " before its end");
        }
    }

    /** Whether {@code key} lies in the range, by {@link String#compareTo}. */
    public boolean contains(String key) {
        return (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) < 0);
    }

    @Override
    public String toString() {
        return "[" + (from == null ? "start" : from) + ", " + (to == null ? "end" : to) + ")";
    }
}
