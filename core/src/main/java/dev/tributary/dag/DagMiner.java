package dev.tributary.dag;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.MerkleTree;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Builds and mines dagtest blocks, for tests, the demo and a mining command. A mined block passes
 * {@link DagValidator} against a DAG holding its parents (given a time within two hours of the
 * validator's clock).
 *
 * <p><b>Parents.</b> {@link #mine} builds on all current tips of a DAG, which merges every branch into one
 * block. When there are more tips than {@link DagParameters#maxParents()}, it takes the first ones in
 * canonical order (lowest height, then lowest hash): the oldest tips are merged first, so no branch stays
 * unmerged for ever however fast new tips appear, and every node that sees the same tips picks the same
 * parents. The parents are written in that canonical order.
 *
 * <p><b>Coinbase.</b> One input spending the null outpoint, whose scriptSig pushes the height (as BIP 34)
 * then the caller's payload; one output of {@link #COINBASE_VALUE} to OP_TRUE. The payload tells apart
 * blocks that two miners build on the same tips at the same second.
 *
 * <p><b>Proof of work.</b> The nonce is ground from 0; when all 2^32 nonces fail the time goes up by one
 * second. With dagtest's bits that takes about two hashes.
 */
public final class DagMiner {
    /** Block version of mined blocks. */
    public static final int BLOCK_VERSION = 1;
    /** What every coinbase pays: 50 coins of 10^8 units, as Bitcoin's first subsidy; dagtest has no halving. */
    public static final long COINBASE_VALUE = 50 * 100_000_000L;
    /** The payout script: OP_TRUE, spendable by anyone (test network). */
    static final byte[] OP_TRUE_SCRIPT = {0x51};

    private final DagParameters params;

    public DagMiner(DagParameters params) {
        this.params = params;
    }

    /**
     * A mined block on the tips of {@code dag} (all of them, or the first {@link DagParameters#maxParents()}
     * in canonical order) holding a new coinbase and then {@code transactions}.
     *
     * @param time            the block time, seconds since the epoch
     * @param coinbasePayload pushed after the height in the coinbase scriptSig (at most 90 bytes; may be empty)
     */
    public DagBlock mine(DagIndex dag, List<Transaction> transactions, long time, byte[] coinbasePayload) {
        return mineOn(parentsFor(dag, params.maxParents()), transactions, time, coinbasePayload);
    }

    /**
     * A mined block on the given parents, written in the order given.
     *
     * @param parents 1 to {@link DagParameters#maxParents()} distinct blocks with their heights
     * @throws IllegalArgumentException for no parents, too many, or a parent listed twice
     */
    public DagBlock mineOn(List<BlockAtHeight> parents, List<Transaction> transactions, long time,
            byte[] coinbasePayload) {
        if (parents.isEmpty() || parents.size() > params.maxParents()) {
            throw new IllegalArgumentException("a block has 1.." + params.maxParents() + " parents, not " + parents.size());
        }
        List<Hash> parentHashes = new ArrayList<>(parents.size());
        int maxParentHeight = 0;
        for (BlockAtHeight p : parents) {
            parentHashes.add(p.hash());
            maxParentHeight = Math.max(maxParentHeight, p.height());
        }
        if (new HashSet<>(parentHashes).size() != parentHashes.size()) {
            throw new IllegalArgumentException("a parent is listed twice: " + parents);
        }
        int height = maxParentHeight + 1;
        List<Transaction> all = new ArrayList<>(transactions.size() + 1);
        all.add(coinbase(height, coinbasePayload));
        all.addAll(transactions);
        List<Hash> txids = new ArrayList<>(all.size());
        for (Transaction tx : all) {
            txids.add(tx.txid());
        }
        DagHeader template = new DagHeader(BLOCK_VERSION, parentHashes, MerkleTree.root(txids), time, params.powBits(),
                height, 0);
        return new DagBlock(solve(template, params.powTarget()), all);
    }

    /** The parents {@link #mine} uses: the tips of {@code dag}, at most {@code max} of them, in canonical order. */
    public static List<BlockAtHeight> parentsFor(DagIndex dag, int max) {
        List<BlockAtHeight> tips = dag.tipsInCanonicalOrder();
        return tips.size() <= max ? tips : List.copyOf(tips.subList(0, max));
    }

    /** The coinbase of a block at {@code height}: the height and payload in the scriptSig, one OP_TRUE output. */
    public static Transaction coinbase(int height, byte[] payload) {
        TxInput input = new TxInput(OutPoint.NULL, CoinbaseScript.scriptSig(height, payload), 0xffffffffL, List.of());
        return new Transaction(1, List.of(input), List.of(new TxOutput(COINBASE_VALUE, OP_TRUE_SCRIPT.clone())), 0);
    }

    /**
     * Grinds the nonce of {@code header} from its own value until its hash is at most {@code target},
     * raising the time by one second whenever every nonce failed.
     */
    static DagHeader solve(DagHeader header, BigInteger target) {
        DagHeader h = header;
        while (true) {
            for (long nonce = h.nonce(); nonce <= 0xffffffffL; nonce++) {
                DagHeader candidate = nonce == h.nonce() ? h : h.withNonce(nonce);
                if (candidate.hash().toBigInteger().compareTo(target) <= 0) {
                    return candidate;
                }
            }
            h = h.withTimeAndNonce(h.time() + 1, 0);
        }
    }
}
