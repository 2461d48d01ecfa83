package dev.tributary.chain.store;

import dev.tributary.sync.MainnetChain;

class InMemorySyncPersistTest extends SyncPersistContract {
    @Override
    protected SyncPersist newPersist() {
        return InMemorySyncPersist.create(MainnetChain.NETWORK);
    }
}
