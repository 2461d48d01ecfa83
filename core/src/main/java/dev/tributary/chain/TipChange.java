package dev.tributary.chain;

import java.util.List;

/**
 * A move of the best chain's tip from {@code oldTip} to {@code newTip}. {@code forkPoint} is their last
 * common ancestor; {@code disconnected} lists the old chain's entries above it from the old tip down (the
 * order Core disconnects blocks in), {@code connected} the new chain's entries above it from the fork point
 * up (the order they connect in). A plain extension has no disconnected entries and the old tip as fork point.
 */
public record TipChange(HeaderSyncData oldTip, HeaderSyncData newTip, HeaderSyncData forkPoint,
        List<HeaderSyncData> disconnected, List<HeaderSyncData> connected) {

    /** A {@link HeaderBatch} (immutable) is kept as it is, not copied entry by entry; other lists are copied. */
    public TipChange {
        disconnected = HeaderBatch.immutable(disconnected);
        connected = HeaderBatch.immutable(connected);
    }

    /** True when entries of the old chain left the best chain. */
    public boolean isReorg() {
        return !disconnected.isEmpty();
    }
}
