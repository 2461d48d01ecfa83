package dev.tributary.chain;

import java.util.Objects;

/** The outcome of validating one block's structure (see {@link Verdict}). */
public final class BlockVerdict extends Verdict<BlockRejectReason> {
    private static final BlockVerdict ACCEPTED = new BlockVerdict(null, "accepted");

    private BlockVerdict(BlockRejectReason reason, String message) {
        super(reason, message);
    }

    public static BlockVerdict accepted() {
        return ACCEPTED;
    }

    public static BlockVerdict rejected(BlockRejectReason reason, String message) {
        return new BlockVerdict(Objects.requireNonNull(reason), Objects.requireNonNull(message));
    }
}
