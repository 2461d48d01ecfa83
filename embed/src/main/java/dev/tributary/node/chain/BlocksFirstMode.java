package dev.tributary.node.chain;

import dev.tributary.chain.BlockRejectReason;
import dev.tributary.validation.Verdict;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockValidator;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.inventory.InventoryProtocol;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.inventory.Acceptance;
import dev.tributary.sync.inventory.InventorySync;
import dev.tributary.sync.inventory.TransactionPool;
import dev.tributary.chain.Block;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.Transaction;
import dev.tributary.net.PeerModule;
import java.util.List;

/**
 * Blocks-first inventory sync as a {@link NodeProtocol}. Mined blocks carry the memory pool's transactions
 * (oldest first, up to {@link #MAX_BLOCK_TX_BYTES}) and go through {@link InventorySync#submitBlock}, which
 * connects them and announces them to every peer; submitted transactions go through
 * {@link InventorySync#submitTransaction}, after the context-free checks a block would make of them. Engine
 * thread only.
 */
final class BlocksFirstMode implements NodeProtocol {
    /** Most transaction bytes a mined block takes from the pool: well under the 4,000,000 weight limit. */
    static final int MAX_BLOCK_TX_BYTES = 900_000;

    private final InventoryProtocol protocol;
    private final ChainState chain;
    private final Scheduler scheduler;
    private final BlockProducer producer;

    BlocksFirstMode(InventoryProtocol protocol, ChainState chain, Scheduler scheduler, java.util.Random random) {
        this.protocol = protocol;
        this.chain = chain;
        this.scheduler = scheduler;
        this.producer = new BlockProducer(chain, random);
    }

    InventoryProtocol protocol() {
        return protocol;
    }

    private InventorySync<Block, GetBlocksMessage> sync() {
        return protocol.sync();
    }

    @Override
    public PeerModule module() {
        return protocol;
    }

    @Override
    public String name() {
        return SyncMode.BLOCKS.label();
    }

    @Override
    public TipSummary tip() {
        return TipSummary.of(chain);
    }

    @Override
    public List<Hash> mine(int count) {
        return producer.mineOnBlockTip(count, this::poolTransactions, scheduler.nowSeconds(), block -> {
            Acceptance verdict = sync().submitBlock(block);
            if (!(verdict instanceof Acceptance.Connected)) {
                throw new IllegalStateException("the block mined on " + block.header().prevHash()
                        + " was not connected: " + verdict);
            }
        });
    }

    private List<Transaction> poolTransactions() {
        return sync().mempool().select(MAX_BLOCK_TX_BYTES, tx -> true);
    }

    @Override
    public Hash submitTransaction(Transaction tx) {
        Hash txid = tx.txid();
        if (tx.isCoinbase()) {
            throw new IllegalArgumentException("transaction " + txid + " is a coinbase: only a block may hold one");
        }
        Verdict<BlockRejectReason> verdict = BlockValidator.checkTransaction(tx);
        if (verdict.isRejected()) {
            throw new IllegalArgumentException("invalid transaction " + txid + ": " + verdict.message());
        }
        TransactionPool pool = sync().mempool();
        if (pool.contains(txid)) {
            throw new IllegalArgumentException("transaction " + txid + " is already in the memory pool");
        }
        if (!sync().submitTransaction(tx)) {
            throw new IllegalArgumentException("transaction " + txid
                    + " was refused: confirmed already, or larger than the memory pool");
        }
        return txid;
    }

    @Override
    public int mempoolSize() {
        return sync().mempool().size();
    }

    /** Current: no peer is known to be higher, no block is requested and none waits as an orphan. */
    @Override
    public boolean isCurrent() {
        return sync().isCurrent() && sync().requests().size() == 0 && sync().orphans().size() == 0;
    }

    @Override
    public void stop() {
        sync().stop();
    }
}
