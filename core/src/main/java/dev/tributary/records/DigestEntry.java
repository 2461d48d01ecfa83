package dev.tributary.records;

import java.time.Instant;
import java.util.Objects;

/**
 * One endpoint's line in a {@link Digest}: the first tick of that endpoint not yet seen by the digest's holder
 * (SData sync 2.2: "the first value not yet assigned"), when that tick last changed, and the endpoint's conflict
 * priority (1..9, lower is stronger).
 *
 * @param endpoint the endpoint's URI
 * @param tick the next tick not yet seen from it (0 when nothing was seen)
 * @param stamp when {@code tick} last changed, or null when unknown
 * @param conflictPriority 1..9, 1 the strongest (wire values outside the range are clamped by readers)
 */
public record DigestEntry(String endpoint, long tick, Instant stamp, int conflictPriority) {
    /** The weakest priority (SData sync 4.2 allows 1..9). */
    public static final int WEAKEST_PRIORITY = 9;
    /** The strongest priority. */
    public static final int STRONGEST_PRIORITY = 1;

    public DigestEntry {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("a digest entry needs an endpoint");
        }
        if (tick < 0) {
            throw new IllegalArgumentException("a tick is never negative: " + tick);
        }
        if (conflictPriority < STRONGEST_PRIORITY || conflictPriority > WEAKEST_PRIORITY) {
            throw new IllegalArgumentException("a conflict priority is 1..9, not " + conflictPriority);
        }
    }

    /** This entry with its tick raised to {@code newTick} at {@code when}; unchanged if not higher. */
    public DigestEntry raisedTo(long newTick, Instant when) {
        return newTick > tick ? new DigestEntry(endpoint, newTick, when, conflictPriority) : this;
    }
}
