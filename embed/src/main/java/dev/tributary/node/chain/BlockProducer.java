package dev.tributary.node.chain;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockMiner;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.Block;
import dev.tributary.chain.Transaction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Mines the next block on a chain tip, for local networks: a coinbase with an 8-byte tag drawn from the node's
 * randomness (so two nodes mining on the same parent make different blocks), then the given transactions, paid to a fixed
 * pay-to-pubkey-hash script. The block time is the clock's, or, when the clock is not after the median time of the
 * last eleven blocks (a burst of blocks in one second), one second after that median: so a long run of blocks
 * gains a second on the clock only every six blocks, not every block, and stays within the two hours a node
 * allows a block ahead of its clock. Mined
 * blocks pass {@code BlockValidator} and the header rules; mining is only offered where it is cheap
 * ({@link #canMine}: regtest). Engine thread only (it reads the chain's index).
 */
public final class BlockProducer {
    private final ChainState chain;
    private final BlockMiner miner;
    private final Random random;
    private final byte[] payout = SyntheticTransactions.p2pkh(new Random(7));

    /** @param random where the coinbase tags come from (the node's randomness, seeded in a simulation) */
    public BlockProducer(ChainState chain, Random random) {
        this.chain = chain;
        this.random = random;
        this.miner = new BlockMiner(chain.params());
    }

    /** Whether blocks of {@code network} can be mined here in moments (its proof of work is trivial). */
    public static boolean canMine(NetworkParameters network) {
        return "regtest".equals(network.name());
    }

    /** Fails with a one-line message unless {@link #canMine}. */
    public static void requireMineable(NetworkParameters network) {
        if (!canMine(network)) {
            throw new IllegalArgumentException("cannot mine on " + network.name() + ": mining is for regtest and dagtest");
        }
    }

    /**
     * Mines {@code count} blocks one after another on the chain's block tip: each holds what
     * {@code transactions} gives at that moment and goes to {@code connect}, which must make it the new block
     * tip, before the next is built.
     *
     * @return the blocks' hashes, lowest first
     * @throws IllegalArgumentException unless the chain's network {@link #canMine}
     */
    public List<Hash> mineOnBlockTip(int count, Supplier<List<Transaction>> transactions, long nowSeconds,
            Consumer<Block> connect) {
        requireMineable(chain.params());
        List<Hash> mined = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Block block = next(chain.blockTip(), transactions.get(), nowSeconds);
            connect.accept(block);
            mined.add(block.hash());
        }
        return mined;
    }

    /** A mined block on {@code parent} holding {@code transactions} after its coinbase. */
    public Block next(HeaderSyncData parent, List<Transaction> transactions, long nowSeconds) {
        byte[] tag = ByteBuffer.allocate(8).putLong(random.nextLong()).array();
        // BlockMiner raises the time to one second after the median time past where the clock is not after it.
        return miner.mine(parent, chain.index(), transactions, nowSeconds, tag, payout);
    }
}
