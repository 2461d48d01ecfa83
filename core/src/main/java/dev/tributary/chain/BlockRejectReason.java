package dev.tributary.chain;

import dev.tributary.validation.Verdict;

/**
 * Why a block failed the context-free checks of {@link BlockValidator}, with Bitcoin Core's reject string.
 * Core scores every one of them 100 (a block failing them is invalid or mutated, and a peer relaying it is
 * misbehaving), except that a mutated block (bad Merkle root, duplicate transactions, witness mismatch) is
 * not marked invalid for ever: the same header may still come with the right transactions.
 */
public enum BlockRejectReason implements Verdict.Reason {
    HIGH_HASH("high-hash", false),
    BAD_MERKLE_ROOT("bad-txnmrklroot", true),
    /** CVE-2012-2459: a transaction list with a duplicated tail that shares its Merkle root with a shorter one. */
    DUPLICATE_TRANSACTIONS("bad-txns-duplicate", true),
    NO_TRANSACTIONS("bad-blk-length", false),
    /** More transactions or more stripped bytes than 4,000,000 weight units allow. */
    BAD_LENGTH("bad-blk-length", false),
    COINBASE_MISSING("bad-cb-missing", false),
    COINBASE_MULTIPLE("bad-cb-multiple", false),
    BAD_COINBASE_LENGTH("bad-cb-length", false),
    TX_NO_INPUTS("bad-txns-vin-empty", false),
    TX_NO_OUTPUTS("bad-txns-vout-empty", false),
    TX_OVERSIZE("bad-txns-oversize", false),
    TX_NEGATIVE_OUTPUT("bad-txns-vout-negative", false),
    TX_OUTPUT_TOO_LARGE("bad-txns-vout-toolarge", false),
    TX_OUTPUT_TOTAL_TOO_LARGE("bad-txns-txouttotal-toolarge", false),
    TX_DUPLICATE_INPUTS("bad-txns-inputs-duplicate", false),
    TX_NULL_PREVOUT("bad-txns-prevout-null", false),
    TOO_MANY_SIGOPS("bad-blk-sigops", false),
    /** Witness data without a witness commitment in the coinbase (Core's "unexpected-witness"). */
    WITNESS_COMMITMENT_MISSING("unexpected-witness", true),
    /** The coinbase witness is not exactly one 32-byte reserved value. */
    BAD_WITNESS_NONCE_SIZE("bad-witness-nonce-size", true),
    BAD_WITNESS_COMMITMENT("bad-witness-merkle-match", true),
    BAD_WEIGHT("bad-blk-weight", false);

    private final String coreName;
    private final boolean mutation;

    BlockRejectReason(String coreName, boolean mutation) {
        this.coreName = coreName;
        this.mutation = mutation;
    }

    /** Bitcoin Core's reject reason string. */
    @Override
    public String coreName() {
        return coreName;
    }

    /**
     * True when the transactions may have been altered in transit (Core's {@code BLOCK_MUTATED}): the header
     * itself is not proven invalid, so the block may be requested again from another peer.
     */
    public boolean isMutation() {
        return mutation;
    }

    /** The misbehaviour score for the peer that sent such a block: 100 for all (Core up to v27). */
    @Override
    public int penalty() {
        return 100;
    }
}
