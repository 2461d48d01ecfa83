package dev.tributary.oplog.log;

import dev.tributary.validation.Verdict;

/**
 * Why a join was refused when no entry broke a rule of its own (those are
 * {@link dev.tributary.oplog.entry.EntryRejectReason}s): an ancestor could not be had.
 */
public enum JoinRejectReason implements Verdict.Reason {
    /** An ancestor named in {@code next}, or a writer's identity, could not be obtained from the source. */
    MISSING_ANCESTOR("join-missing-ancestor", 0),
    /** The block source failed. */
    SOURCE_FAILED("join-source-failed", 0);

    private final String coreName;
    private final int penalty;

    JoinRejectReason(String coreName, int penalty) {
        this.coreName = coreName;
        this.penalty = penalty;
    }

    @Override
    public String coreName() {
        return coreName;
    }

    @Override
    public int penalty() {
        return penalty;
    }
}
