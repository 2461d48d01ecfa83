package dev.tributary.chain;

import java.util.Optional;

/**
 * The outcome of a validation: accepted, or rejected with a reason and a message naming the thing
 * validated and the numbers involved. Results are data, never exceptions; peer scoring reads
 * {@link #penalty()}.
 *
 * @param <R> the kind of reasons ({@link RejectReason} for headers, {@link BlockRejectReason} for blocks)
 */
public abstract class Verdict<R extends Verdict.Reason> {

    /** Why something was rejected: Bitcoin Core's name for the rule, and the penalty for the sender. */
    public interface Reason {
        String coreName();

        int penalty();
    }

    private final R reason;
    private final String message;

    /** @param reason null when accepted */
    protected Verdict(R reason, String message) {
        this.reason = reason;
        this.message = message;
    }

    public final boolean isAccepted() {
        return reason == null;
    }

    public final boolean isRejected() {
        return reason != null;
    }

    /** Empty when accepted. */
    public final Optional<R> reason() {
        return Optional.ofNullable(reason);
    }

    public final String message() {
        return message;
    }

    /** The misbehaviour score for the peer that sent what was validated; 0 when accepted. */
    public final int penalty() {
        return reason == null ? 0 : reason.penalty();
    }

    @Override
    public final String toString() {
        return reason == null ? "accepted" : reason.coreName() + ": " + message;
    }
}
