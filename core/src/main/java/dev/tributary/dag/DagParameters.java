package dev.tributary.dag;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.MerkleTree;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The constants of a BlockDAG network. {@link #DAGTEST} is Tributary's local test network, the BlockDAG
 * counterpart of Bitcoin's regtest: a trivial fixed proof of work (no retargeting, so tests mine a block
 * in about two hashes), its own message start so that its peers never talk to Bitcoin peers, and a
 * deterministic genesis block.
 *
 * @param name                      canonical name, "dagtest"
 * @param magic                     the 4 message-start bytes read as a little-endian int32 (as
 *                                  {@code dev.tributary.chain.NetworkParameters#magic()} keeps them)
 * @param defaultPort               the TCP port a node listens on by default
 * @param genesisBlock              height 0, no parents; every node starts its DAG with it
 * @param powBits                   the compact target every block must carry (no retargeting); a block's
 *                                  hash must not exceed the target it encodes, {@link #powTarget()}
 * @param maxParents                most parents per block
 * @param maxFutureBlockTimeSeconds how far ahead of the local clock a block's time may be
 */
public record DagParameters(String name, int magic, int defaultPort, DagBlock genesisBlock, long powBits,
        int maxParents, long maxFutureBlockTimeSeconds) {

    /**
     * Bitcoin regtest's bits: the target 0x7fffff &lt;&lt; 232, just under 2^255, so about half of all hashes
     * meet it.
     */
    private static final long EASY_POW_BITS = 0x207fffffL;
    /** Message start bytes d6 a9 c7 e5 on the wire; no Bitcoin, btcd or soterd network uses them. */
    private static final int DAGTEST_MAGIC = 0xe5c7a9d6;
    /**
     * 18565: next to Bitcoin's test ports (regtest 18444) but not btcd's simnet port 18555, so a dagtest
     * node and a simnet node can share a machine.
     */
    private static final int DAGTEST_PORT = 18565;
    private static final long GENESIS_TIME = 1_735_689_600L; // 2025-01-01T00:00:00Z
    /** The first nonce from 0 whose header hash meets the target of {@link #EASY_POW_BITS} (pinned by a test). */
    private static final long GENESIS_NONCE = 2;
    private static final String GENESIS_MESSAGE = "Tributary dagtest genesis: many parents, one DAG";

    /** Tributary's local BlockDAG test network. */
    public static final DagParameters DAGTEST = new DagParameters("dagtest", DAGTEST_MAGIC, DAGTEST_PORT,
            genesis(GENESIS_TIME, EASY_POW_BITS, GENESIS_NONCE), EASY_POW_BITS, DagHeader.MAX_PARENTS, 2 * 60 * 60);

    public DagParameters {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(genesisBlock, "genesisBlock");
        if (target(powBits).signum() <= 0) {
            throw new IllegalArgumentException("bits 0x" + Long.toHexString(powBits) + " do not encode a positive target");
        }
        if (maxParents < 1 || maxParents > DagHeader.MAX_PARENTS) {
            throw new IllegalArgumentException("max parents must be 1.." + DagHeader.MAX_PARENTS);
        }
        if (genesisBlock.height() != 0 || !genesisBlock.parents().isEmpty()) {
            throw new IllegalArgumentException("genesis has height 0 and no parents");
        }
    }

    public Hash genesisHash() {
        return genesisBlock.hash();
    }

    /** The target {@link #powBits()} encodes: the largest hash, as a little-endian number, a block may have. */
    public BigInteger powTarget() {
        return target(powBits);
    }

    /**
     * Decodes compact bits as Core's {@code SetCompact}: a size byte and a 23-bit mantissa; zero for a
     * negative (sign bit set) or overflowing (over 256 bits) encoding, which no usable target has.
     */
    static BigInteger target(long bits) {
        int size = (int) (bits >>> 24) & 0xff;
        long word = bits & 0x007fffffL;
        if ((bits & 0x00800000L) != 0 || size > 34) {
            return BigInteger.ZERO;
        }
        BigInteger value = size <= 3 ? BigInteger.valueOf(word >>> (8 * (3 - size)))
                : BigInteger.valueOf(word).shiftLeft(8 * (size - 3));
        return value.bitLength() > 256 ? BigInteger.ZERO : value;
    }

    /**
     * The genesis block: version 1, no parents, height 0, one coinbase whose scriptSig is the height 0
     * push (OP_0) then {@link #GENESIS_MESSAGE}, paying {@link DagMiner#COINBASE_VALUE} to OP_TRUE.
     */
    private static DagBlock genesis(long time, long bits, long nonce) {
        byte[] scriptSig = CoinbaseScript.scriptSig(0, GENESIS_MESSAGE.getBytes(StandardCharsets.US_ASCII));
        Transaction coinbase = new Transaction(1, List.of(new TxInput(OutPoint.NULL, scriptSig, 0xffffffffL, List.of())),
                List.of(new TxOutput(DagMiner.COINBASE_VALUE, DagMiner.OP_TRUE_SCRIPT.clone())), 0);
        Hash merkleRoot = MerkleTree.root(List.of(coinbase.txid()));
        DagHeader header = new DagHeader(1, List.of(), merkleRoot, time, bits, 0, nonce);
        return new DagBlock(header, List.of(coinbase));
    }
}
