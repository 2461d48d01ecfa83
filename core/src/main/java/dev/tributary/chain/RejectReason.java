package dev.tributary.chain;

import dev.tributary.validation.Verdict;

/**
 * Why a header was rejected, with Bitcoin Core's reject string and the misbehaviour score Core (up to v27,
 * which still scored peers) gave the peer that sent it. 100 means "disconnect and discourage".
 */
public enum RejectReason implements Verdict.Reason {
    /**
     * The header does not name the expected parent: in a batch, it does not follow the previous header.
     * Core penalises a non-continuous {@code headers} message by 20 and ignores it.
     */
    BAD_PREV("non-continuous-headers", 20),
    /** The bits differ from what the difficulty rule requires (Core's "bad-diffbits"). */
    BAD_DIFFBITS("bad-diffbits", 100),
    /** The hash exceeds the target, or the target is zero, negative, overflows or exceeds the pow limit. */
    HIGH_HASH("high-hash", 100),
    /** The time is not greater than the median time of the previous 11 blocks. */
    TIME_TOO_OLD("time-too-old", 100),
    /**
     * The time is more than two hours ahead of the local clock. Core neither punishes the peer nor marks the
     * header invalid for ever (the clock catches up), so the score is 0.
     */
    TIME_TOO_NEW("time-too-new", 0),
    /** BIP 94: a retarget block's time is more than 600 s before its parent's (testnet4). */
    TIME_TIMEWARP_ATTACK("time-timewarp-attack", 100),
    /** The version is below the minimum required at this height by BIP 34 (2), BIP 66 (3) or BIP 65 (4). */
    BAD_VERSION("bad-version", 100),
    /** A checkpointed height carries a different hash. */
    CHECKPOINT_MISMATCH("checkpoint mismatch", 100),
    /** The parent is a block known to be invalid (its body failed validation, or an ancestor's did). */
    BAD_PREVBLK("bad-prevblk", 100),
    /** The header itself is a block known to be invalid. */
    DUPLICATE_INVALID("duplicate-invalid", 100);

    private final String coreName;
    private final int penalty;

    RejectReason(String coreName, int penalty) {
        this.coreName = coreName;
        this.penalty = penalty;
    }

    /** Bitcoin Core's reject reason string. */
    @Override
    public String coreName() {
        return coreName;
    }

    /** The misbehaviour score for the peer that sent such a header. */
    @Override
    public int penalty() {
        return penalty;
    }
}
