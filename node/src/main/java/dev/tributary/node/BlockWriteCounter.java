package dev.tributary.node;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.sync.SyncPersist;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's store, counting the block bodies written to it: a node that stores each block once writes exactly as
 * many bodies as it has blocks (the relay tests and {@code GET /status} read it). Everything else is passed
 * through. The count is thread-safe to read.
 */
final class BlockWriteCounter implements SyncPersist {
    private final SyncPersist delegate;
    private final AtomicLong bodyWrites = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();

    BlockWriteCounter(SyncPersist delegate) {
        this.delegate = delegate;
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
    public void saveBlockchain(List<HeaderSyncData> headers) {
        delegate.saveBlockchain(headers);
    }

    @Override
    public StoredChain loadBlockchain() {
        return delegate.loadBlockchain();
    }

    @Override
    public void setMainTip(Hash newTip) {
        delegate.setMainTip(newTip);
    }

    @Override
    public void setBlockTip(Hash newTip) {
        delegate.setBlockTip(newTip);
    }

    @Override
    public void markInvalid(Hash hash) {
        delegate.markInvalid(hash);
    }

    @Override
    public Optional<HeaderSyncData> getHeaderSync(Hash hash) {
        return delegate.getHeaderSync(hash);
    }

    @Override
    public void saveBlock(Hash hash, byte[] serializedBlock) {
        bodyWrites.incrementAndGet();
        bodyBytes.addAndGet(serializedBlock.length);
        delegate.saveBlock(hash, serializedBlock);
    }

    @Override
    public void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, Hash newBlockTip) {
        bodyWrites.incrementAndGet();
        bodyBytes.addAndGet(serializedBlock.length);
        delegate.saveBlockAndSetBlockTip(hash, serializedBlock, newBlockTip);
    }

    @Override
    public Optional<byte[]> getBlock(Hash hash) {
        return delegate.getBlock(hash);
    }

    @Override
    public boolean hasBlock(Hash hash) {
        return delegate.hasBlock(hash);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
