package dev.tributary.records;

/**
 * What the target did with one entry of a page (SData sync 5.3 result feed): the record's uuid, the outcome and
 * the test that decided it, an HTTP status and method in the specification's vocabulary, and a message for people.
 *
 * <p>Statuses: 200 for an applied change ({@code POST} a create, {@code PUT} an update, {@code DELETE} a delete, as
 * in the specification's example, which answers a create with 200), 200 with no method for an ignored one (the
 * target already has it or something newer), 409 for a conflict the target's copy won.
 *
 * @param uuid the entry's record
 * @param outcome applied, ignored, or which side won a conflict
 * @param step the test of the conflict rule that decided
 * @param httpStatus the entry's status
 * @param httpMethod POST, PUT or DELETE when applied, else null
 * @param message what happened, in words
 * @param stateAfter the sync state of the target's copy after the entry (the entry's when applied)
 */
public record EntryResult(String uuid, Outcome outcome, ConflictRule.Step step, int httpStatus, String httpMethod,
        String message, SyncState stateAfter) {

    static EntryResult of(Record incoming, Record before, ConflictRule.Decision d) {
        if (!d.outcome().applies()) {
            int status = d.outcome() == Outcome.CONFLICT_WON_BY_TARGET ? 409 : 200;
            return new EntryResult(incoming.uuid(), d.outcome(), d.step(), status, null, d.reason(), before.state());
        }
        String method = incoming.deleted() ? "DELETE" : before == null || before.deleted() ? "POST" : "PUT";
        return new EntryResult(incoming.uuid(), d.outcome(), d.step(), 200, method, d.reason(), incoming.state());
    }
}
