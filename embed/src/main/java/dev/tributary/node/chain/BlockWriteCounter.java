package dev.tributary.node.chain;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.store.ForwardingSyncPersist;
import dev.tributary.chain.store.SyncPersist;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's store, counting the block bodies written to it: a node that stores each block once writes exactly as
 * many bodies as it has blocks (the relay tests read it), and with the bodies it held when opened, that is what it
 * holds ({@code GET /status}'s {@code blocksStored}). Everything else is passed through
 * ({@link ForwardingSyncPersist}). The counts are thread-safe to read.
 */
final class BlockWriteCounter extends ForwardingSyncPersist {
    private final long storedAtOpen;
    private final AtomicLong bodyWrites = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();

    /** @param storedAtOpen the bodies {@code delegate} holds already */
    BlockWriteCounter(SyncPersist delegate, long storedAtOpen) {
        super(delegate);
        this.storedAtOpen = storedAtOpen;
    }

    /** Block bodies the store holds: those it held when opened, and those written since. */
    long bodiesStored() {
        return storedAtOpen + bodyWrites.get();
    }

    /** Block bodies written since the store was opened. */
    long bodyWrites() {
        return bodyWrites.get();
    }

    /** Bytes of those bodies. */
    long bodyBytes() {
        return bodyBytes.get();
    }

    @Override
    public void saveBlock(Hash hash, byte[] serializedBlock) {
        count(serializedBlock);
        super.saveBlock(hash, serializedBlock);
    }

    @Override
    public void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, dev.tributary.chain.HeaderSyncData newBlockTip) {
        count(serializedBlock);
        super.saveBlockAndSetBlockTip(hash, serializedBlock, newBlockTip);
    }

    private void count(byte[] serializedBlock) {
        bodyWrites.incrementAndGet();
        bodyBytes.addAndGet(serializedBlock.length);
    }
}
