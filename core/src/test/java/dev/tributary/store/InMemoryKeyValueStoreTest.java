package dev.tributary.store;

class InMemoryKeyValueStoreTest extends KeyValueStoreContract {
    @Override
    protected KeyValueStore newStore() {
        return new InMemoryKeyValueStore();
    }
}
