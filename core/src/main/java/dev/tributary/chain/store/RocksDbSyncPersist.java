package dev.tributary.chain.store;

import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.file.Path;

/**
 * The default {@link SyncPersist}: {@link KeyValueSyncPersist}'s layout in the keyspace named after the network of
 * a node's RocksDB store, with the durability {@link RocksDbKeyValueStore} documents.
 */
public final class RocksDbSyncPersist {
    private RocksDbSyncPersist() {
    }

    /**
     * Opens, or creates, the chain of {@code network} in the RocksDB store in {@code storeDirectory} (a node's
     * {@code DIR/store}), with RocksDB's default configuration. Closing it closes the store.
     */
    public static KeyValueSyncPersist open(Path storeDirectory, String network) {
        return open(storeDirectory, RocksDbKeyValueStore.Config.defaults(), network);
    }

    /**
     * Opens, or creates, the chain of {@code network} in the RocksDB store in {@code storeDirectory}, in the
     * keyspace named after the network. Closing it closes the store.
     *
     * @throws dev.tributary.store.StoreException when the directory cannot be used (in use by another
     *                                            process, not writable) or holds another format
     * @throws IllegalStateException              when it holds another network's chain
     */
    public static KeyValueSyncPersist open(Path storeDirectory, RocksDbKeyValueStore.Config config, String network) {
        RocksDbKeyValueStore root = RocksDbKeyValueStore.open(storeDirectory, config);
        try {
            KeyValueSyncPersist.refuseAnotherNetworksStore(root, root.keyspaces(), network);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
        return KeyValueSyncPersist.open(root.keyspaceOwningStore(network), network);
    }

}
