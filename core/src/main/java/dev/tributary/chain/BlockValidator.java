package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import java.util.List;

/**
 * The checks a block passes without knowing its place in the chain: Bitcoin Core's {@code CheckBlock},
 * plus the weight limit and the witness commitment of {@code ContextualCheckBlock}. In order:
 *
 * <ol>
 *   <li>proof of work of the header ("high-hash");</li>
 *   <li>the Merkle root of the txids equals the header's ("bad-txnmrklroot") and the list is not a
 *       CVE-2012-2459 mutation ("bad-txns-duplicate");</li>
 *   <li>at least one transaction; count and stripped size within the weight limit ("bad-blk-length");</li>
 *   <li>the first transaction is a coinbase and no other is ("bad-cb-missing", "bad-cb-multiple");</li>
 *   <li>each transaction passes {@code CheckTransaction} (coinbase scriptSig 2..100 bytes, outputs within
 *       0..21M BTC, no duplicate inputs, no null prevout outside the coinbase);</li>
 *   <li>legacy signature operations × 4 at most 80,000 ("bad-blk-sigops");</li>
 *   <li>BIP 141: when any transaction has witness data, the coinbase carries a witness commitment that
 *       matches ("unexpected-witness", "bad-witness-nonce-size", "bad-witness-merkle-match");</li>
 *   <li>weight = stripped size × 3 + total size at most 4,000,000 ("bad-blk-weight").</li>
 * </ol>
 *
 * Checks needing the block's height or the UTXO set (BIP 34 height in the coinbase, subsidy, scripts) are
 * not here. A commitment output in a block without any witness data is not checked: it is invalid only
 * once segwit is active, which takes the height to know. Stateless.
 */
public final class BlockValidator {
    /** Core's {@code MAX_BLOCK_WEIGHT}. */
    public static final long MAX_BLOCK_WEIGHT = 4_000_000;
    /** Core's {@code WITNESS_SCALE_FACTOR}. */
    public static final int WITNESS_SCALE_FACTOR = 4;
    /** Core's {@code MAX_BLOCK_SIGOPS_COST}. */
    public static final long MAX_BLOCK_SIGOPS_COST = 80_000;

    /** Stateless: an instance may be shared, or {@link #validate} called statically. */
    public BlockValidator() {
    }

    /**
     * Core's context-free {@code CheckTransaction} for a transaction outside a block (what a memory pool can check
     * without coins): inputs and outputs present, size, output values, no duplicate or null inputs.
     */
    public static Verdict<BlockRejectReason> checkTransaction(Transaction tx) {
        Verdict<BlockRejectReason> v = TransactionChecks.check(tx, 0, tx.serialize(false).length);
        return v == null ? Verdict.accept() : v;
    }

    /** Validates {@code block} on network {@code p}; never throws for any block. */
    public static Verdict<BlockRejectReason> validate(Block block, NetworkParameters p) {
        LazyText where = LazyText.of(() -> "block " + block.hash() + ": ");
        String pow = HeaderValidator.proofOfWorkProblem(block.hash(), block.header().bits(), p);
        if (pow != null) {
            return Verdict.reject(BlockRejectReason.HIGH_HASH, where + pow);
        }
        MerkleTree.Root root = block.computeMerkleRoot();
        if (!root.root().equals(block.header().merkleRoot())) {
            return Verdict.reject(BlockRejectReason.BAD_MERKLE_ROOT,
                    where + "Merkle root " + root.root() + ", header has " + block.header().merkleRoot());
        }
        if (root.mutated()) {
            return Verdict.reject(BlockRejectReason.DUPLICATE_TRANSACTIONS,
                    where + "duplicate transactions make a Merkle tree with two equal siblings");
        }
        List<Transaction> txs = block.transactions();
        if (txs.isEmpty()) {
            return Verdict.reject(BlockRejectReason.NO_TRANSACTIONS, where + "no transactions");
        }
        int[] stripped = new int[txs.size()];
        long strippedSize = 0;
        long totalSize = 0;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            stripped[i] = tx.strippedSize();
            strippedSize += stripped[i];
            totalSize += tx.totalSize();
        }
        long overhead = 80 + ByteWriter.varIntSize(txs.size());
        strippedSize += overhead;
        totalSize += overhead;
        if ((long) txs.size() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
                || strippedSize * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
            return Verdict.reject(BlockRejectReason.BAD_LENGTH,
                    where.toString() + txs.size() + " transactions, " + strippedSize + " bytes without witness");
        }
        Verdict<BlockRejectReason> txVerdict = checkTransactions(txs, stripped, where);
        if (txVerdict.isRejected()) {
            return txVerdict;
        }
        if (block.hasWitness()) {
            Verdict<BlockRejectReason> witness = checkWitnessCommitment(txs, where);
            if (witness.isRejected()) {
                return witness;
            }
        }
        long weight = strippedSize * (WITNESS_SCALE_FACTOR - 1) + totalSize;
        if (weight > MAX_BLOCK_WEIGHT) {
            return Verdict.reject(BlockRejectReason.BAD_WEIGHT,
                    where + "weight " + weight + " exceeds " + MAX_BLOCK_WEIGHT);
        }
        return Verdict.accept();
    }

    private static Verdict<BlockRejectReason> checkTransactions(List<Transaction> txs, int[] stripped, LazyText where) {
        if (!txs.get(0).isCoinbase()) {
            return Verdict.reject(BlockRejectReason.COINBASE_MISSING, where + "first transaction is not a coinbase");
        }
        for (int i = 1; i < txs.size(); i++) {
            if (txs.get(i).isCoinbase()) {
                return Verdict.reject(BlockRejectReason.COINBASE_MULTIPLE,
                        where + "transaction " + i + " is a second coinbase");
            }
        }
        long sigOps = 0;
        for (int i = 0; i < txs.size(); i++) {
            Verdict<BlockRejectReason> v = TransactionChecks.check(txs.get(i), i, stripped[i]);
            if (v != null) {
                return Verdict.reject(v.reason().orElseThrow(), where + v.message());
            }
            sigOps += TransactionChecks.legacySigOps(txs.get(i));
        }
        if (sigOps * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
            return Verdict.reject(BlockRejectReason.TOO_MANY_SIGOPS,
                    where.toString() + sigOps + " legacy signature operations, at most " + MAX_BLOCK_SIGOPS_COST / WITNESS_SCALE_FACTOR);
        }
        return Verdict.accept();
    }

    /** Core's {@code CheckWitnessMalleation} for a block that has witness data. */
    private static Verdict<BlockRejectReason> checkWitnessCommitment(List<Transaction> txs, LazyText where) {
        Transaction coinbase = txs.get(0);
        int position = WitnessCommitment.findOutput(coinbase);
        if (position < 0) {
            return Verdict.reject(BlockRejectReason.WITNESS_COMMITMENT_MISSING,
                    where + "witness data but no witness commitment in the coinbase");
        }
        TxInput coinbaseInput = coinbase.inputs().get(0);
        List<byte[]> stack = coinbaseInput.witness();
        if (stack.size() != 1 || stack.get(0).length != WitnessCommitment.RESERVED_VALUE_SIZE) {
            return Verdict.reject(BlockRejectReason.BAD_WITNESS_NONCE_SIZE,
                    where + "coinbase witness must be one 32-byte reserved value, has " + stack.size() + " items");
        }
        Hash expected = WitnessCommitment.commitment(WitnessCommitment.witnessMerkleRoot(txs), stack.get(0));
        Hash actual = WitnessCommitment.committedHash(coinbase.outputs().get(position).scriptPubKey());
        if (!expected.equals(actual)) {
            return Verdict.reject(BlockRejectReason.BAD_WITNESS_COMMITMENT,
                    where + "witness commitment " + actual + ", computed " + expected);
        }
        return Verdict.accept();
    }
}
