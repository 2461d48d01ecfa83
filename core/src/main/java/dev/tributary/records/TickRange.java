package dev.tributary.records;

/**
 * The changes one endpoint made at ticks {@code [fromInclusive, toExclusive)}: one clause of a source's selection
 * (SData sync 2.5).
 */
public record TickRange(String endpoint, long fromInclusive, long toExclusive) {
    public TickRange {
        if (fromInclusive < 0 || toExclusive < fromInclusive) {
            throw new IllegalArgumentException("not a tick range: [" + fromInclusive + ", " + toExclusive + ")");
        }
    }

    /** Whether {@code tick} is in the range. */
    public boolean contains(long tick) {
        return tick >= fromInclusive && tick < toExclusive;
    }
}
