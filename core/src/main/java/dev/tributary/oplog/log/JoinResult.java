package dev.tributary.oplog.log;

import dev.tributary.validation.Verdict;
import java.util.Objects;

/** What a join did: added entries, found nothing new, or refused with a reason (and then changed nothing). */
public sealed interface JoinResult {

    /** {@code added} entries were stored: the given ones and the ancestors fetched for them. */
    record Joined(long added) implements JoinResult {
    }

    /** Every given entry was already in the log. */
    record AlreadyKnown() implements JoinResult {
    }

    /**
     * Refused: {@code reason} is an {@link dev.tributary.oplog.entry.EntryRejectReason} (a rule an entry broke) or a
     * {@link JoinRejectReason}; {@code message} names the entry and what is wrong with it. Nothing was stored.
     */
    record Rejected(Verdict.Reason reason, String message) implements JoinResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return "rejected (" + reason.coreName() + "): " + message;
        }
    }

    /** Number of entries added (0 unless {@link Joined}). */
    default long addedCount() {
        return this instanceof Joined j ? j.added() : 0;
    }

    default boolean isRejected() {
        return this instanceof Rejected;
    }
}
