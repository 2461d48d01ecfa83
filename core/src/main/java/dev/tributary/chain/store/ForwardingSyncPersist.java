package dev.tributary.chain.store;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SyncPersist} that passes every call to another one: the base of decorators that watch or change
 * a few calls (count block writes, for instance) and override only those.
 */
public abstract class ForwardingSyncPersist implements SyncPersist {
    private final SyncPersist delegate;

    protected ForwardingSyncPersist(SyncPersist delegate) {
        this.delegate = delegate;
    }

    /** The store the calls go to. */
    protected final SyncPersist delegate() {
        return delegate;
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
    public StoredChain loadIndex(dev.tributary.chain.BlockIndexLoader loader) {
        return delegate.loadIndex(loader);
    }

    @Override
    public void saveBlockchainAndSetMainTip(List<HeaderSyncData> headers, HeaderSyncData newTip) {
        delegate.saveBlockchainAndSetMainTip(headers, newTip);
    }

    @Override
    public void setMainTip(HeaderSyncData newTip) {
        delegate.setMainTip(newTip);
    }

    @Override
    public void setBlockTip(HeaderSyncData newTip) {
        delegate.setBlockTip(newTip);
    }

    @Override
    public void markInvalid(HeaderSyncData block) {
        delegate.markInvalid(block);
    }

    @Override
    public Optional<HeaderSyncData> getHeaderSync(Hash hash) {
        return delegate.getHeaderSync(hash);
    }

    @Override
    public void saveBlock(Hash hash, byte[] serializedBlock) {
        delegate.saveBlock(hash, serializedBlock);
    }

    @Override
    public void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, HeaderSyncData newBlockTip) {
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
