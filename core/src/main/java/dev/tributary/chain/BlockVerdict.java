package dev.tributary.chain;

import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link BlockValidator}: accepted, or rejected with a reason, a message and a penalty. */
public final class BlockVerdict {
    private static final BlockVerdict ACCEPTED = new BlockVerdict(null, "accepted");

    private final BlockRejectReason reason;
    private final String message;

    private BlockVerdict(BlockRejectReason reason, String message) {
        this.reason = reason;
        this.message = message;
    }

    public static BlockVerdict accepted() {
        return ACCEPTED;
    }

    public static BlockVerdict rejected(BlockRejectReason reason, String message) {
        return new BlockVerdict(Objects.requireNonNull(reason), Objects.requireNonNull(message));
    }

    public boolean isAccepted() {
        return reason == null;
    }

    public boolean isRejected() {
        return reason != null;
    }

    /** Empty when accepted. */
    public Optional<BlockRejectReason> reason() {
        return Optional.ofNullable(reason);
    }

    public String message() {
        return message;
    }

    /** The misbehaviour score for the peer that sent the block; 0 when accepted. */
    public int penalty() {
        return reason == null ? 0 : reason.penalty();
    }

    @Override
    public String toString() {
        return reason == null ? "accepted" : reason.coreName() + ": " + message;
    }
}
