package dev.tributary.dag;

import dev.tributary.validation.Verdict;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.MerkleTree;
import dev.tributary.chain.Transaction;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * Validates dagtest blocks, returning a {@link Verdict<DagRejectReason>}; never throws for any block. In order:
 *
 * <ol>
 *   <li>a block already in the DAG is a duplicate ("duplicate", no penalty);</li>
 *   <li>{@linkplain #checkContextFree context-free} checks, which need no other block:
 *     <ul>
 *       <li>1 to {@link DagParameters#maxParents()} parents, genesis alone having none ("bad-parents-count"),
 *           all distinct ("bad-parents-duplicate");</li>
 *       <li>the network's fixed bits ("bad-diffbits") and a hash within their target ("high-hash");</li>
 *       <li>time at most now + {@link DagParameters#maxFutureBlockTimeSeconds()} ("time-too-new", no penalty);</li>
 *       <li>at most {@link DagBlock#MAX_SIZE} bytes and at least one transaction ("bad-blk-length");</li>
 *       <li>the Merkle root of the txids ("bad-txnmrklroot"), no txid twice ("bad-txns-duplicate"), which
 *           covers the CVE-2012-2459 mutation;</li>
 *       <li>the first transaction, and only it, a coinbase ("bad-cb-missing", "bad-cb-multiple"), its scriptSig
 *           2..100 bytes ("bad-cb-length") starting with the height as BIP 34 has it ("bad-cb-height");</li>
 *       <li>no witness data, which dagtest does not commit to ("unexpected-witness");</li>
 *     </ul></li>
 *   <li>every parent in the DAG, else the block is an orphan listing the missing parents (not a rejection);</li>
 *   <li>height = 1 + the highest parent's height ("bad-height").</li>
 * </ol>
 *
 * Not checked, since nothing in dagtest depends on them yet: a minimum time relative to the parents, and
 * per-transaction rules beyond the coinbase (output values, scripts, spent outputs).
 * Stateless: the clock is passed to each call, so tests choose "now".
 */
public final class DagValidator {
    private final DagParameters params;

    public DagValidator(DagParameters params) {
        this.params = params;
    }

    /**
     * Validates {@code block} against {@code dag}.
     *
     * @param nowSeconds the local clock, seconds since the epoch, for the future-time rule
     */
    public Verdict<DagRejectReason> validate(DagBlock block, DagIndex dag, long nowSeconds) {
        if (dag.contains(block.hash())) {
            return Verdict.reject(DagRejectReason.DUPLICATE, where(block) + "already in the DAG");
        }
        Verdict<DagRejectReason> alone = checkContextFree(block, nowSeconds);
        if (!alone.isAccepted()) {
            return alone;
        }
        List<Hash> missing = dag.missingParents(block.header());
        if (!missing.isEmpty()) {
            return Verdict.orphan(missing);
        }
        int maxParentHeight = -1;
        for (Hash parent : block.parents()) {
            OptionalInt h = dag.height(parent);
            maxParentHeight = Math.max(maxParentHeight, h.orElseThrow());
        }
        if (block.height() != maxParentHeight + 1) {
            return Verdict.reject(DagRejectReason.BAD_HEIGHT, where(block) + "height " + block.height()
                    + ", but the highest parent has height " + maxParentHeight);
        }
        return Verdict.accept();
    }

    /**
     * The checks that need no other block: what a block must pass before it is kept as an orphan. Never
     * returns an orphan verdict.
     *
     * @param nowSeconds the local clock, seconds since the epoch
     */
    public Verdict<DagRejectReason> checkContextFree(DagBlock block, long nowSeconds) {
        Verdict<DagRejectReason> header = checkHeader(block, nowSeconds);
        return header.isAccepted() ? checkBody(block) : header;
    }

    private Verdict<DagRejectReason> checkHeader(DagBlock block, long nowSeconds) {
        DagHeader h = block.header();
        int n = h.parents().size();
        boolean genesis = n == 0 && block.hash().equals(params.genesisHash());
        if (!genesis && (n == 0 || n > params.maxParents())) {
            return Verdict.reject(DagRejectReason.BAD_PARENT_COUNT,
                    where(block) + n + " parents, must be 1.." + params.maxParents());
        }
        if (new HashSet<>(h.parents()).size() != n) {
            return Verdict.reject(DagRejectReason.DUPLICATE_PARENTS, where(block) + "a parent is listed twice");
        }
        if (h.bits() != params.powBits()) {
            return Verdict.reject(DagRejectReason.BAD_DIFFBITS, where(block) + "bits 0x" + Long.toHexString(h.bits())
                    + ", the network requires 0x" + Long.toHexString(params.powBits()));
        }
        if (block.hash().toBigInteger().compareTo(params.powTarget()) > 0) {
            return Verdict.reject(DagRejectReason.HIGH_HASH, where(block) + "hash above the target");
        }
        long latest = nowSeconds + params.maxFutureBlockTimeSeconds();
        if (h.time() > latest) {
            return Verdict.reject(DagRejectReason.TIME_TOO_NEW,
                    where(block) + "time " + h.time() + " is after now + " + params.maxFutureBlockTimeSeconds() + " = " + latest);
        }
        return Verdict.accept();
    }

    private static Verdict<DagRejectReason> checkBody(DagBlock block) {
        List<Transaction> txs = block.transactions();
        int size = block.size();
        if (size > DagBlock.MAX_SIZE) {
            return Verdict.reject(DagRejectReason.BAD_LENGTH, where(block) + size + " bytes, at most " + DagBlock.MAX_SIZE);
        }
        if (txs.isEmpty()) {
            return Verdict.reject(DagRejectReason.NO_TRANSACTIONS, where(block) + "no transactions");
        }
        MerkleTree.Root root = block.computeMerkleRoot();
        if (!root.root().equals(block.header().merkleRoot())) {
            return Verdict.reject(DagRejectReason.BAD_MERKLE_ROOT,
                    where(block) + "Merkle root " + root.root() + ", header has " + block.header().merkleRoot());
        }
        if (root.mutated() || txs.stream().map(Transaction::txid).distinct().count() != txs.size()) {
            return Verdict.reject(DagRejectReason.DUPLICATE_TRANSACTIONS, where(block) + "a transaction is listed twice");
        }
        Verdict<DagRejectReason> coinbase = checkCoinbase(block);
        if (!coinbase.isAccepted()) {
            return coinbase;
        }
        for (int i = 0; i < txs.size(); i++) {
            if (txs.get(i).hasWitness()) {
                return Verdict.reject(DagRejectReason.UNEXPECTED_WITNESS,
                        where(block) + "transaction " + i + " has witness data");
            }
        }
        return Verdict.accept();
    }

    private static Verdict<DagRejectReason> checkCoinbase(DagBlock block) {
        List<Transaction> txs = block.transactions();
        if (!txs.get(0).isCoinbase()) {
            return Verdict.reject(DagRejectReason.COINBASE_MISSING, where(block) + "first transaction is not a coinbase");
        }
        for (int i = 1; i < txs.size(); i++) {
            if (txs.get(i).isCoinbase()) {
                return Verdict.reject(DagRejectReason.COINBASE_MULTIPLE,
                        where(block) + "transaction " + i + " is a second coinbase");
            }
        }
        byte[] scriptSig = txs.get(0).inputs().get(0).scriptSig();
        if (scriptSig.length < CoinbaseScript.MIN_LENGTH || scriptSig.length > CoinbaseScript.MAX_LENGTH) {
            return Verdict.reject(DagRejectReason.BAD_COINBASE_LENGTH,
                    where(block) + "coinbase scriptSig of " + scriptSig.length + " bytes, must be 2..100");
        }
        if (!CoinbaseScript.startsWithHeight(scriptSig, block.height())) {
            return Verdict.reject(DagRejectReason.BAD_COINBASE_HEIGHT,
                    where(block) + "coinbase does not start with height " + block.height());
        }
        return Verdict.accept();
    }

    private static String where(DagBlock block) {
        return "block " + block.hash() + " at height " + block.height() + ": ";
    }
}
