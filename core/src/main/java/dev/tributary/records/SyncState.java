package dev.tributary.records;

import java.time.Instant;
import java.util.Objects;

/**
 * Where and when a record was last changed: the endpoint that changed it, that endpoint's tick for the change,
 * and the time of the change (SData sync 4.3, {@code sync:syncState}). {@code (endpoint, tick)} names one change
 * and is unique across a collection's replicas; the stamp only breaks conflict ties.
 *
 * @param endpoint the changing endpoint's URI (never empty)
 * @param tick that endpoint's tick for the change (0 or more)
 * @param stamp when the change was made, or null when unknown (the specification's own examples omit it)
 * @param user who made the change, or null (optional on the wire)
 */
public record SyncState(String endpoint, long tick, Instant stamp, String user) {

    public SyncState {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("a sync state needs an endpoint");
        }
        if (tick < 0) {
            throw new IllegalArgumentException("a tick is never negative: " + tick);
        }
    }

    /** A state without a user. */
    public static SyncState of(String endpoint, long tick, Instant stamp) {
        return new SyncState(endpoint, tick, stamp, null);
    }

    @Override
    public String toString() {
        return "(" + endpoint + " " + tick + (stamp == null ? "" : " " + stamp) + ")";
    }
}
