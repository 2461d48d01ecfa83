package dev.tributary.testing;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockIndex;
import dev.tributary.chain.BlockMiner;
import dev.tributary.chain.Difficulty;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Builds valid regtest chains for tests: blocks that pass {@code BlockValidator}, headers that pass
 * {@code HeaderValidator}, forks from any block, and transactions of a chosen size so blocks have real
 * size. Deterministic: the same seed, start time and calls give the same blocks.
 *
 * <p>Every block built, on any branch, is kept in a reference {@link BlockIndex} ({@link #index()}), whose
 * tip is the longest branch (on regtest every block has the same work, so more work means longer; the
 * first built wins a tie). Block times are the start time for height 1 and the parent's time plus the
 * spacing (600 s unless changed) after that.
 *
 * <p>Transactions are context-free valid only: they spend random outpoints, so a block holding them is
 * valid for {@code BlockValidator} but not against a UTXO set. Not thread-safe.
 */
public final class ChainBuilder {
    /** OP_TRUE: the output script of the builder's coinbases and transactions. */
    private static final byte[] OP_TRUE = {0x51};
    /** Size of a transaction with one input, an empty scriptSig, and one OP_TRUE output. */
    private static final int MIN_TX_SIZE = 4 + 1 + 36 + 1 + 4 + 1 + 8 + 1 + OP_TRUE.length + 4;

    private final NetworkParameters params = NetworkParameters.REGTEST;
    private final BlockMiner miner = new BlockMiner(params);
    private final BlockIndex index = BlockIndex.fromGenesis(params);
    private final Map<Hash, Block> blocks = new HashMap<>();
    private final Random random;
    private final long startTime;
    private long spacing = 600;
    private long maxTime;

    private ChainBuilder(long seed, long startTime) {
        this.random = new Random(seed);
        this.startTime = startTime;
        blocks.put(params.genesisHash(), params.genesisBlock());
        this.maxTime = params.genesisBlock().header().time();
    }

    /** A builder of regtest chains from genesis; block 1 gets {@code startTime}. */
    public static ChainBuilder regtest(long seed, long startTime) {
        return new ChainBuilder(seed, startTime);
    }

    /** Seconds between a block and its parent from now on. */
    public ChainBuilder spacing(long seconds) {
        this.spacing = seconds;
        return this;
    }

    public NetworkParameters params() {
        return params;
    }

    /** Every block built so far, all branches, with the longest as best chain. */
    public BlockIndex index() {
        return index;
    }

    public HeaderSyncData genesis() {
        return index.start();
    }

    public HeaderSyncData tip() {
        return index.tip();
    }

    /** The latest block time built so far: a "now" at which every block is within the future limit. */
    public long latestTime() {
        return maxTime;
    }

    /** {@code count} coinbase-only blocks on top of the current tip. */
    public List<Block> extendTip(int count) {
        return extend(tip(), count);
    }

    /** {@code count} coinbase-only blocks on top of {@code from}, a block built here (or genesis). */
    public List<Block> extend(HeaderSyncData from, int count) {
        return extend(from, count, 0, 0);
    }

    /**
     * {@code count} blocks on top of {@code from}, each with a coinbase and {@code txPerBlock} transactions of
     * {@code txSize} bytes.
     */
    public List<Block> extend(HeaderSyncData from, int count, int txPerBlock, int txSize) {
        List<Block> out = new ArrayList<>(count);
        HeaderSyncData parent = entry(from.hash());
        for (int i = 0; i < count; i++) {
            List<Transaction> txs = new ArrayList<>(txPerBlock);
            for (int t = 0; t < txPerBlock; t++) {
                txs.add(transaction(txSize, false));
            }
            Block b = mine(parent, txs);
            out.add(b);
            parent = entry(b.hash());
        }
        return out;
    }

    /** One block on top of {@code from} holding exactly {@code transactions} after its coinbase. */
    public Block mine(HeaderSyncData from, List<Transaction> transactions) {
        HeaderSyncData parent = entry(from.hash());
        long time = parent.height() == 0 ? startTime : parent.header().time() + spacing;
        byte[] payload = new byte[8];
        random.nextBytes(payload);
        Block b = miner.mine(parent, index, transactions, time, payload, OP_TRUE);
        HeaderSyncData entry = new HeaderSyncData(b.header(), parent.height() + 1,
                parent.chainWork().add(Difficulty.work(b.header().bits())));
        index.add(entry);
        blocks.put(b.hash(), b);
        maxTime = Math.max(maxTime, b.header().time());
        return b;
    }

    /**
     * A transaction of {@code size} bytes in its legacy serialization (at least 61; a few bytes less where
     * the scriptSig's length prefix grows), spending a random outpoint; with {@code witness}, it also
     * carries a witness item of {@code size} bytes.
     */
    public Transaction transaction(int size, boolean witness) {
        return transaction(size, witness ? Math.max(1, size) : 0);
    }

    /**
     * A transaction of {@code size} bytes without witness data, as {@link #transaction(int, boolean)}, whose
     * input carries a witness item of {@code witnessSize} bytes when that is positive.
     */
    public Transaction transaction(int size, int witnessSize) {
        int target = Math.max(size, MIN_TX_SIZE);
        int scriptLength = target - MIN_TX_SIZE;
        // The scriptSig's length prefix grows past 252 and 65535 bytes; shrink the script to keep the size.
        while (scriptLength > 0 && MIN_TX_SIZE - 1 + ByteWriter.varIntSize(scriptLength) + scriptLength > target) {
            scriptLength--;
        }
        byte[] scriptSig = new byte[scriptLength];
        random.nextBytes(scriptSig);
        byte[] prevTxid = new byte[Hash.LENGTH];
        random.nextBytes(prevTxid);
        List<byte[]> stack = List.of();
        if (witnessSize > 0) {
            byte[] item = new byte[witnessSize];
            random.nextBytes(item);
            stack = List.of(item);
        }
        TxInput in = new TxInput(new OutPoint(Hash.wrap(prevTxid), random.nextInt(4)), scriptSig, 0xffffffffL, stack);
        TxOutput out = new TxOutput(1 + random.nextInt(1_000_000), OP_TRUE);
        return new Transaction(2, List.of(in), List.of(out), 0);
    }

    /** The entry of a block built here (or genesis). */
    public HeaderSyncData entry(Hash hash) {
        return index.get(hash).orElseThrow(() -> new IllegalArgumentException(hash + " was not built here"));
    }

    public Optional<Block> block(Hash hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    /** The blocks of the best chain, genesis first. */
    public List<Block> mainChainBlocks() {
        List<Block> out = new ArrayList<>(tip().height() + 1);
        for (int h = 0; h <= tip().height(); h++) {
            out.add(blocks.get(index.mainChainAt(h).orElseThrow().hash()));
        }
        return out;
    }

    /** The headers of {@code blocks}, in order. */
    public static List<BlockHeader> headers(List<Block> blocks) {
        List<BlockHeader> out = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            out.add(b.header());
        }
        return out;
    }
}
