package dev.tributary.records;

/**
 * What a target did with one incoming change (the vocabulary of {@code conflict-cases.json}): applied without a
 * conflict, ignored because the target's copy is newer, or a conflict decided for the source (applied) or for the
 * target (not applied).
 */
public enum Outcome {
    APPLIED(true),
    IGNORED(false),
    CONFLICT_WON_BY_SOURCE(true),
    CONFLICT_WON_BY_TARGET(false);

    private final boolean applies;

    Outcome(boolean applies) {
        this.applies = applies;
    }

    /** Whether the incoming change replaces the target's copy. */
    public boolean applies() {
        return applies;
    }

    /** Whether the two copies were in conflict. */
    public boolean isConflict() {
        return this == CONFLICT_WON_BY_SOURCE || this == CONFLICT_WON_BY_TARGET;
    }
}
