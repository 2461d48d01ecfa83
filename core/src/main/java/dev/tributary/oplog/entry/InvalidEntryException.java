package dev.tributary.oplog.entry;

import java.util.Objects;

/** Bytes that are not a valid entry block, with the {@link EntryRejectReason} that says why. */
public final class InvalidEntryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final EntryRejectReason reason;

    InvalidEntryException(EntryRejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    InvalidEntryException(EntryRejectReason reason, String message) {
        this(reason, message, null);
    }

    /** {@link EntryRejectReason#NON_CANONICAL}, {@link EntryRejectReason#MALFORMED} or {@link EntryRejectReason#CID_MISMATCH}. */
    public EntryRejectReason reason() {
        return reason;
    }
}
