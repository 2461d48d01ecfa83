package dev.tributary.chain.store;

import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.file.Path;

/**
 * The default {@link SyncPersist}: {@link KeyValueSyncPersist}'s layout in a RocksDB directory, with the
 * durability {@link RocksDbKeyValueStore} documents.
 */
public final class RocksDbSyncPersist {
    private RocksDbSyncPersist() {
    }

    /** Opens, or creates, the chain store in {@code datadir} with RocksDB's default configuration. */
    public static KeyValueSyncPersist open(Path datadir, String network) {
        return open(datadir, RocksDbKeyValueStore.Config.defaults(), network);
    }

    /**
     * Opens, or creates, the chain store in {@code datadir}.
     *
     * @throws dev.tributary.store.StoreException when the directory cannot be used (in use by another
     *                                            process, not writable) or holds another format
     * @throws IllegalStateException              when it holds another network's chain
     */
    public static KeyValueSyncPersist open(Path datadir, RocksDbKeyValueStore.Config config, String network) {
        return KeyValueSyncPersist.open(RocksDbKeyValueStore.open(datadir, config), network);
    }
}
