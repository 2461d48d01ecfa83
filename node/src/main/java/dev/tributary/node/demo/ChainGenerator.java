package dev.tributary.node.demo;

import dev.tributary.node.chain.SyntheticTransactions;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockMiner;
import dev.tributary.chain.Difficulty;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Mines chains on a local network (regtest) straight into a node's store, for the demo and the
 * benchmarks. Blocks carry synthetic transactions of realistic shape (one input with a signature-sized
 * script, two pay-to-pubkey-hash outputs, about 226 bytes) so that they have real size; they spend
 * outputs nobody created, which Tributary does not check (it validates headers and block structure, not
 * scripts or coins). Deterministic for a given seed.
 */
public final class ChainGenerator {
    /** Size of one synthetic transaction. */
    public static final int TX_SIZE = SyntheticTransactions.SIZE;
    private static final int HEADER_SAVE_BATCH = 2000;
    private static final int BODY_BATCH = 100;

    private final ChainState chain;
    private final BlockMiner miner;
    private final Random random;
    private final byte[] payout;

    public ChainGenerator(ChainState chain, long seed) {
        this.chain = chain;
        this.miner = new BlockMiner(chain.params());
        this.random = new Random(seed);
        this.payout = p2pkh(random);
    }

    /**
     * Mines {@code count} blocks on the main tip, each with enough transactions to reach about
     * {@code blockSize} bytes, stores headers and bodies, and moves both tips.
     *
     * @param progress called with the number of blocks mined so far
     * @return the blocks mined, lowest first (all held in memory: for small chains; see
     *         {@link #mineBlocks(int, int, LongConsumer, Consumer)} for large ones)
     */
    public List<Block> mineBlocks(int count, int blockSize, LongConsumer progress) {
        List<Block> mined = new ArrayList<>(count);
        mineBlocks(count, blockSize, progress, mined::add);
        return mined;
    }

    /**
     * Mines {@code count} blocks as {@link #mineBlocks(int, int, LongConsumer)} does, handing each to {@code each},
     * lowest first, once stored, and keeping none: memory stays bounded by one batch of blocks however long the
     * chain.
     */
    public void mineBlocks(int count, int blockSize, LongConsumer progress, Consumer<Block> each) {
        HeaderSyncData tip = chain.mainTip();
        int txs = Math.max(0, (blockSize - 300) / TX_SIZE);
        List<HeaderSyncData> entries = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Block block = miner.mine(tip, chain.index(), transactions(txs), tip.header().time() + 1,
                    new byte[] {(byte) random.nextInt()}, payout);
            tip = extend(tip, block.header());
            entries.add(tip);
            blocks.add(block);
            if (entries.size() == BODY_BATCH || i == count - 1) {
                // Headers first: the store lets a tip name only stored headers.
                chain.persist().saveBlockchain(entries);
                for (int j = 0; j < entries.size(); j++) {
                    chain.storeBody(entries.get(j), blocks.get(j).serialize());
                }
                blocks.forEach(each);
                entries.clear();
                blocks.clear();
                progress.accept(i + 1);
            }
        }
        chain.persist().setMainTip(chain.mainTip());
    }

    /** Mines {@code count} headers (no bodies) on the main tip: a chain for headers-only benchmarks. */
    public void mineHeaders(int count, LongConsumer progress) {
        List<HeaderSyncData> pending = new ArrayList<>();
        HeaderSyncData tip = chain.mainTip();
        byte[] root = new byte[32];
        for (int i = 0; i < count; i++) {
            random.nextBytes(root);
            BlockHeader h = BlockMiner.solve(new BlockHeader(BlockMiner.BLOCK_VERSION, tip.hash(), Hash.wrap(root),
                    tip.header().time() + 1, tip.header().bits(), 0));
            tip = extend(tip, h);
            pending.add(tip);
            if (pending.size() == HEADER_SAVE_BATCH) {
                chain.persist().saveBlockchain(pending);
                pending.clear();
                progress.accept(i + 1);
            }
        }
        finish(pending);
        progress.accept(count);
    }

    private HeaderSyncData extend(HeaderSyncData parent, BlockHeader header) {
        HeaderSyncData entry = new HeaderSyncData(header, parent.height() + 1,
                parent.chainWork().add(Difficulty.work(header.bits())));
        chain.index().add(entry);
        return entry;
    }

    private void finish(List<HeaderSyncData> pending) {
        if (!pending.isEmpty()) {
            chain.persist().saveBlockchain(pending);
        }
        chain.persist().setMainTip(chain.mainTip());
    }

    /** {@code n} synthetic transactions ({@link SyntheticTransactions}). */
    public List<Transaction> transactions(int n) {
        List<Transaction> txs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            txs.add(SyntheticTransactions.create(random));
        }
        return txs;
    }

    private static byte[] p2pkh(Random random) {
        return SyntheticTransactions.p2pkh(random);
    }
}
