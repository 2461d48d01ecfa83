package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and mines blocks, as Core's {@code BlockAssembler} and {@code generateblock} do, for the demo,
 * the {@code mine} command, tests and benchmarks. A mined block passes {@link BlockValidator} and its
 * header passes {@link HeaderValidator} (given a {@code time} within two hours of the validator's clock).
 *
 * <p>The coinbase starts its scriptSig with the height (BIP 34), then the payload as one push (or OP_0 when
 * there is none, to reach the 2-byte minimum), and pays the block subsidy — 50 BTC halving every
 * {@link NetworkParameters#subsidyHalvingInterval()} blocks — to the payout script. Fees are not added:
 * the input values are unknown here, and paying less than allowed is valid. When a transaction has witness
 * data, the coinbase gets a zero witness reserved value and a BIP 141 commitment output.
 *
 * <p>Mining grinds the nonce; when all 2^32 nonces fail, the time goes up by one second and the bits are
 * recomputed. On regtest (target about 2^255) that takes about two hashes; on mainnet it is hopeless.
 */
public final class BlockMiner {
    /** BIP 9 version with no deployment signalled. */
    public static final int BLOCK_VERSION = 0x20000000;
    private static final long COIN = 100_000_000L;

    private final NetworkParameters params;
    private final DifficultyRule difficulty;

    public BlockMiner(NetworkParameters params) {
        this.params = params;
        this.difficulty = new DifficultyRule(params);
    }

    /**
     * A mined block on top of {@code parent} holding a new coinbase and then {@code transactions}.
     *
     * @param chain          where {@code parent}'s ancestors are found (for the bits and the median time)
     * @param time           the block time; raised to the median time past + 1 when lower
     * @param coinbasePayload bytes pushed after the height in the coinbase scriptSig (may be empty)
     * @param payoutScript   the output script the subsidy is paid to
     * @throws IllegalArgumentException when the coinbase scriptSig would exceed 100 bytes
     */
    public Block mine(HeaderSyncData parent, AncestorLookup chain, List<Transaction> transactions, long time,
            byte[] coinbasePayload, byte[] payoutScript) {
        int height = parent.height() + 1;
        boolean witness = transactions.stream().anyMatch(Transaction::hasWitness);
        List<Transaction> all = new ArrayList<>(transactions.size() + 1);
        all.add(null);
        all.addAll(transactions);
        Hash witnessRoot = witness ? WitnessCommitment.witnessMerkleRoot(all) : null;
        all.set(0, coinbase(height, coinbasePayload, payoutScript, subsidy(height, params), witnessRoot));
        List<Hash> txids = new ArrayList<>(all.size());
        for (Transaction tx : all) {
            txids.add(tx.txid());
        }
        Hash merkleRoot = MerkleTree.root(txids);
        long t = Math.max(time, MedianTimePast.of(parent, chain) + 1);
        while (true) {
            BlockHeader template = new BlockHeader(BLOCK_VERSION, parent.hash(), merkleRoot, t, 0, 0);
            long bits = difficulty.expectedBits(parent, template, chain);
            BlockHeader solved = grind(new BlockHeader(BLOCK_VERSION, parent.hash(), merkleRoot, t, bits, 0));
            if (solved != null) {
                return new Block(solved, all);
            }
            t++;
        }
    }

    /**
     * Grinds the nonce of {@code header} until its hash meets the target of its bits, raising the time by
     * one second whenever every nonce failed; the bits are kept. For re-mining a modified block in tests.
     *
     * @throws IllegalArgumentException when the bits do not encode a usable target
     */
    public static BlockHeader solve(BlockHeader header) {
        BlockHeader h = header;
        while (true) {
            BlockHeader solved = grind(h);
            if (solved != null) {
                return solved;
            }
            h = new BlockHeader(h.version(), h.prevHash(), h.merkleRoot(), h.time() + 1, h.bits(), 0);
        }
    }

    /** The first nonce from the header's own up to 2^32 - 1 that meets the target, or null. */
    private static BlockHeader grind(BlockHeader header) {
        Difficulty.CompactTarget target = Difficulty.decode(header.bits());
        if (!target.isUsableTarget()) {
            throw new IllegalArgumentException("bits " + ExpectedBits.hex(header.bits()) + " are not a usable target");
        }
        BigInteger limit = target.value();
        for (long nonce = header.nonce(); nonce <= 0xffffffffL; nonce++) {
            BlockHeader candidate = nonce == header.nonce() ? header : header.withNonce(nonce);
            if (candidate.hash().toBigInteger().compareTo(limit) <= 0) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * A coinbase for {@code height}: scriptSig = height (BIP 34) then the payload, one output paying
     * {@code value} to {@code payoutScript}, and, when {@code witnessRoot} is not null, a zero witness
     * reserved value and the commitment output to that witness Merkle root.
     */
    public static Transaction coinbase(int height, byte[] payload, byte[] payoutScript, long value, Hash witnessRoot) {
        ScriptWriter script = new ScriptWriter().pushNumber(height);
        if (payload.length > 0) {
            script.push(payload);
        } else {
            script.op(ScriptWriter.OP_0);
        }
        byte[] scriptSig = script.toByteArray();
        if (scriptSig.length > 100) {
            throw new IllegalArgumentException("coinbase scriptSig of " + scriptSig.length + " bytes exceeds 100");
        }
        List<TxOutput> outputs = new ArrayList<>(2);
        outputs.add(new TxOutput(value, payoutScript));
        List<byte[]> witness = List.of();
        if (witnessRoot != null) {
            byte[] reserved = new byte[WitnessCommitment.RESERVED_VALUE_SIZE];
            witness = List.of(reserved);
            outputs.add(new TxOutput(0, WitnessCommitment.outputScript(WitnessCommitment.commitment(witnessRoot, reserved))));
        }
        TxInput input = new TxInput(OutPoint.NULL, scriptSig, 0xffffffffL, witness);
        return new Transaction(2, List.of(input), outputs, 0);
    }

    /** Core's {@code GetBlockSubsidy}: 50 BTC, halved every {@code subsidyHalvingInterval} blocks, 0 after 64 halvings. */
    public static long subsidy(int height, NetworkParameters params) {
        int halvings = height / params.subsidyHalvingInterval();
        return halvings >= 64 ? 0 : (50 * COIN) >> halvings;
    }
}
