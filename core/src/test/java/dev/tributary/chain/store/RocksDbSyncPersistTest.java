package dev.tributary.chain.store;

import dev.tributary.sync.MainnetChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbSyncPersistTest extends SyncPersistContract {
    @TempDir
    Path tmp;

    @Override
    protected SyncPersist newPersist() {
        return RocksDbSyncPersist.open(tmp.resolve("contract"), MainnetChain.NETWORK);
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        Path dir = tmp.resolve("reopen");
        try (SyncPersist p = RocksDbSyncPersist.open(dir, "mainnet")) {
            saveEverything(p);
        }
        try (SyncPersist p = RocksDbSyncPersist.open(dir, "mainnet")) {
            assertHoldsEverything(p);
        }
    }

    @Test
    void anotherNetworksDatadirIsRefusedAndLeftClosed() {
        Path dir = tmp.resolve("regtest");
        try (SyncPersist p = RocksDbSyncPersist.open(dir, "regtest")) {
            p.saveBlockchain(HEADERS.subList(0, 1));
        }
        assertThatThrownBy(() -> RocksDbSyncPersist.open(dir, "mainnet"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("RocksDB store in " + dir + " holds a regtest chain, not mainnet");
        // The refused open closed its store, so the directory is free again.
        try (KeyValueSyncPersist p = RocksDbSyncPersist.open(dir, "regtest")) {
            assertThat(p.network()).isEqualTo("regtest");
            assertThat(p.loadBlockchain().headers()).hasSize(1);
        }
    }

    @Test
    void syncedWritesWork() {
        Path dir = tmp.resolve("synced");
        try (SyncPersist p = RocksDbSyncPersist.open(dir, RocksDbKeyValueStore.Config.defaults().withSyncWrites(true),
                "mainnet")) {
            p.saveBlockchain(HEADERS.subList(0, 10));
            p.setMainTip(HEADERS.get(9));
        }
        try (SyncPersist p = RocksDbSyncPersist.open(dir, "mainnet")) {
            assertThat(p.loadBlockchain().mainTip()).contains(hashAt(9));
        }
    }
}
