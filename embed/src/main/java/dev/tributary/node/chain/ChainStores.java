package dev.tributary.node.chain;

import dev.tributary.node.StoreKind;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.Node;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.InMemorySyncPersist;
import dev.tributary.chain.store.RocksDbSyncPersist;
import dev.tributary.chain.store.SyncPersist;
import dev.tributary.chain.store.TrustedStart;
import dev.tributary.chain.store.WriteBehindPersist;
import dev.tributary.store.StoreException;
import java.nio.file.Path;
import java.util.Optional;

/** Opens a node's store and the chain in it. */
public final class ChainStores {
    private ChainStores() {
    }

    public static SyncPersist openPersist(StoreKind kind, Path datadir, NetworkParameters network) {
        return switch (kind) {
            // Header writes go behind the engine thread (see WriteBehindPersist); reads and body writes wait for them.
            case ROCKSDB -> new WriteBehindPersist(openRocksDb(datadir, network));
            case MEMORY -> InMemorySyncPersist.create(network.name());
        };
    }

    private static dev.tributary.chain.store.KeyValueSyncPersist openRocksDb(Path datadir, NetworkParameters network) {
        try {
            return RocksDbSyncPersist.open(Node.storeDirectory(datadir), network.name());
        } catch (StoreException e) {
            throw Node.namingDatadir(datadir, e);
        }
    }

    /**
     * Opens the chain of {@code datadir} to read it only ({@link ReadOnlyRocksDbStore}): also while a running node
     * holds the store, and in a directory this process cannot write. Closing the chain's persist closes the store.
     */
    public static ChainState openChainToRead(Path datadir, NetworkParameters network) {
        return openChain(dev.tributary.chain.store.KeyValueSyncPersist.open(
                ReadOnlyRocksDbStore.open(Node.storeDirectory(datadir), network.name()), network.name()),
                network, Optional.empty());
    }

    /** Opens the store and the chain in it; closes the store again if the chain cannot be opened. */
    public static ChainState openChain(StoreKind kind, Path datadir, NetworkParameters network,
            Optional<TrustedStart> start) {
        return openChain(openPersist(kind, datadir, network), network, start);
    }

    /** Opens the chain in an opened store; closes the store if the chain cannot be opened. */
    public static ChainState openChain(SyncPersist persist, NetworkParameters network, Optional<TrustedStart> start) {
        try {
            return ChainState.open(network, persist, start);
        } catch (RuntimeException e) {
            persist.close();
            throw e;
        }
    }
}
