package dev.tributary.dag;

import dev.tributary.validation.Verdict;

/**
 * Why {@link DagValidator} rejected a dagtest block: a reject string in Bitcoin Core's style (Core's own
 * string where the rule is Core's), the misbehaviour score for the peer that sent the block, and whether the
 * block may have been altered in transit. 100 means "disconnect and discourage".
 */
public enum DagRejectReason implements Verdict.Reason {
    /** The block is already in the DAG. Not misbehaviour: two peers may announce the same block. */
    DUPLICATE("duplicate", 0, false),
    /** No parents on a block other than genesis, or more than the network allows. */
    BAD_PARENT_COUNT("bad-parents-count", 100, false),
    /** A parent hash is listed twice. */
    DUPLICATE_PARENTS("bad-parents-duplicate", 100, false),
    /** The height is not 1 + the highest parent's height. */
    BAD_HEIGHT("bad-height", 100, false),
    /** The bits are not the network's fixed proof-of-work bits. */
    BAD_DIFFBITS("bad-diffbits", 100, false),
    /** The hash exceeds the target. */
    HIGH_HASH("high-hash", 100, false),
    /**
     * The time is too far ahead of the local clock. As in Core, not the peer's fault and not final (the
     * clock catches up), so the score is 0.
     */
    TIME_TOO_NEW("time-too-new", 0, false),
    /** More than {@link DagBlock#MAX_SIZE} bytes. */
    BAD_LENGTH("bad-blk-length", 100, false),
    /** No transactions at all. */
    NO_TRANSACTIONS("bad-blk-length", 100, false),
    BAD_MERKLE_ROOT("bad-txnmrklroot", 100, true),
    /**
     * A transaction listed twice; among such lists is CVE-2012-2459's duplicated tail, which shares its
     * Merkle root with the list without it (hence a possible mutation).
     */
    DUPLICATE_TRANSACTIONS("bad-txns-duplicate", 100, true),
    COINBASE_MISSING("bad-cb-missing", 100, false),
    COINBASE_MULTIPLE("bad-cb-multiple", 100, false),
    /** The coinbase scriptSig is not 2..100 bytes. */
    BAD_COINBASE_LENGTH("bad-cb-length", 100, false),
    /** The coinbase scriptSig does not start with the block height (BIP 34's rule). */
    BAD_COINBASE_HEIGHT("bad-cb-height", 100, false),
    /** Witness data, which dagtest blocks do not commit to (Core's name for witness without commitment). */
    UNEXPECTED_WITNESS("unexpected-witness", 100, true);

    private final String coreName;
    private final int penalty;
    private final boolean mutation;

    DagRejectReason(String coreName, int penalty, boolean mutation) {
        this.coreName = coreName;
        this.penalty = penalty;
        this.mutation = mutation;
    }

    /** The reject string. */
    @Override
    public String coreName() {
        return coreName;
    }

    /** The misbehaviour score for the peer that sent such a block. */
    @Override
    public int penalty() {
        return penalty;
    }

    /**
     * True when the transactions may have been altered in transit (Core's {@code BLOCK_MUTATED}): the
     * header is not proven invalid, so the block may be requested again from another peer.
     */
    public boolean isMutation() {
        return mutation;
    }
}
