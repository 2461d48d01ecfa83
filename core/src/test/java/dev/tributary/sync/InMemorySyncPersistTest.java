package dev.tributary.sync;

class InMemorySyncPersistTest extends SyncPersistContract {
    @Override
    protected SyncPersist newPersist() {
        return InMemorySyncPersist.create(MainnetChain.NETWORK);
    }
}
