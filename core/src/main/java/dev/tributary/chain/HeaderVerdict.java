package dev.tributary.chain;

import java.util.Objects;

/** The outcome of validating one header (see {@link Verdict}). */
public final class HeaderVerdict extends Verdict<RejectReason> {
    private static final HeaderVerdict ACCEPTED = new HeaderVerdict(null, "accepted");

    private HeaderVerdict(RejectReason reason, String message) {
        super(reason, message);
    }

    public static HeaderVerdict accepted() {
        return ACCEPTED;
    }

    public static HeaderVerdict rejected(RejectReason reason, String message) {
        return new HeaderVerdict(Objects.requireNonNull(reason), Objects.requireNonNull(message));
    }
}
