package dev.tributary.chain;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of validating one header: accepted, or rejected with a {@link RejectReason} and a message
 * naming the header and the numbers involved. Peer scoring reads {@link #penalty()}; nothing is thrown.
 */
public final class HeaderVerdict {
    private static final HeaderVerdict ACCEPTED = new HeaderVerdict(null, "accepted");

    private final RejectReason reason;
    private final String message;

    private HeaderVerdict(RejectReason reason, String message) {
        this.reason = reason;
        this.message = message;
    }

    public static HeaderVerdict accepted() {
        return ACCEPTED;
    }

    public static HeaderVerdict rejected(RejectReason reason, String message) {
        return new HeaderVerdict(Objects.requireNonNull(reason), Objects.requireNonNull(message));
    }

    public boolean isAccepted() {
        return reason == null;
    }

    public boolean isRejected() {
        return reason != null;
    }

    /** Empty when accepted. */
    public Optional<RejectReason> reason() {
        return Optional.ofNullable(reason);
    }

    public String message() {
        return message;
    }

    /** The misbehaviour score for the peer that sent the header; 0 when accepted. */
    public int penalty() {
        return reason == null ? 0 : reason.penalty();
    }

    @Override
    public String toString() {
        return reason == null ? "accepted" : reason.coreName() + ": " + message;
    }
}
