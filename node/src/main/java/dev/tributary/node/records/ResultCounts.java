package dev.tributary.node.records;

import dev.tributary.records.atom.ResultEntryDocument;
import dev.tributary.records.atom.ResultFeedDocument;

/**
 * A result feed's entries as the engine counts them: applied (the entry has an {@code httpMethod}: the source's copy
 * now stands at the target), conflicts (a warning diagnosis, or status 409), kept (not applied, status 409: a conflict
 * the target's copy won) and skipped (neither applied nor kept).
 */
record ResultCounts(int applied, int conflicts, int kept, int skipped) {
    static final ResultCounts NONE = new ResultCounts(0, 0, 0, 0);

    /** The counts of {@code feed}'s entries. */
    static ResultCounts of(ResultFeedDocument feed) {
        ResultCounts c = NONE;
        for (ResultEntryDocument r : feed.entries()) {
            c = c.plus(r.httpStatus(), r.httpMethod(), r.diagnosis() == null ? null : r.diagnosis().severity());
        }
        return c;
    }

    /** These counts and one entry of {@code status}, {@code method} (or null) and diagnosis {@code severity} (or null). */
    ResultCounts plus(int status, String method, String severity) {
        boolean applied = method != null;
        boolean kept = !applied && status == 409; // a conflict the target won (5.4)
        boolean conflict = "warning".equals(severity) || status == 409;
        return new ResultCounts(this.applied + (applied ? 1 : 0), conflicts + (conflict ? 1 : 0), this.kept + (kept ? 1 : 0),
                skipped + (!applied && !kept ? 1 : 0));
    }

    /** These counts and {@code other}'s. */
    ResultCounts plus(ResultCounts other) {
        return new ResultCounts(applied + other.applied, conflicts + other.conflicts, kept + other.kept,
                skipped + other.skipped);
    }
}
