package dev.tributary.chain.store;

import dev.tributary.store.InMemoryKeyValueStore;

/** A {@link SyncPersist} kept in memory, for tests and throw-away nodes: nothing survives the process. */
public final class InMemorySyncPersist {
    private InMemorySyncPersist() {
    }

    /** A new, empty chain store for {@code network}. */
    public static KeyValueSyncPersist create(String network) {
        return KeyValueSyncPersist.open(new InMemoryKeyValueStore(), network);
    }
}
