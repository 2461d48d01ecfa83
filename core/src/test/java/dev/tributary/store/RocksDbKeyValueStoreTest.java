package dev.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RocksDbKeyValueStoreTest extends KeyValueStoreContract {
    @TempDir
    Path tmp;

    @Override
    protected KeyValueStore newStore() {
        return RocksDbKeyValueStore.open(tmp.resolve("contract"));
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        Path dir = tmp.resolve("reopen");
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            s.put(b("01"), b("aa"));
            s.write(new WriteBatch().put(b("02"), b("bb")).put(b("03"), b("cc")).delete(b("01")));
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThat(scanPrefix(s, new byte[0])).containsExactly("02=bb", "03=cc");
            s.put(b("04"), b("dd"));
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir, RocksDbKeyValueStore.Config.defaults()
                .withSyncWrites(true))) {
            assertThat(scanPrefix(s, new byte[0])).containsExactly("02=bb", "03=cc", "04=dd");
            s.put(b("05"), b("ee"));
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThat(scanPrefix(s, new byte[0])).containsExactly("02=bb", "03=cc", "04=dd", "05=ee");
        }
    }

    @Test
    void keyspacesAreColumnFamiliesThatSurviveReopening() {
        Path dir = tmp.resolve("keyspaces");
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            s.keyspace("chain").put(b("6d"), b("01"));
            s.keyspace("dag").put(b("6d"), b("02"));
            s.keyspace("dag").keyspace("index").put(b("6d"), b("03"));
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThat(scanPrefix(s.keyspace("chain"), new byte[0])).containsExactly("6d=01");
            assertThat(scanPrefix(s.keyspace("dag"), new byte[0])).containsExactly("6d=02");
            assertThat(scanPrefix(s.keyspace("dag/index"), new byte[0])).containsExactly("6d=03");
            assertThat(scanPrefix(s, new byte[0])).isEmpty();
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThatThrownBy(() -> s.keyspace("default")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void largeValuesGoToBlobFilesAndComeBackWhole() {
        Path dir = tmp.resolve("blobs");
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 8));
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            s.put(b("01"), big);
            assertThat(s.contains(b("01"))).isTrue();
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThat(s.contains(b("01"))).isTrue();
            assertThat(s.contains(b("02"))).isFalse();
            assertThat(Arrays.equals(s.get(b("01")).orElseThrow(), big)).isTrue();
            s.put(b("00"), b("aa"));
            s.put(b("02"), b("bb"));
            java.util.List<byte[]> scanned = new java.util.ArrayList<>();
            s.scanPrefix(new byte[0], (k, v) -> scanned.add(v));
            assertThat(scanned).hasSize(3);
            assertThat(scanned.get(0)).isEqualTo(b("aa"));
            assertThat(Arrays.equals(scanned.get(1), big)).as("a value larger than the scan's buffer").isTrue();
            assertThat(scanned.get(2)).isEqualTo(b("bb"));
        }
    }

    @Test
    void createsMissingParentDirectories() {
        Path dir = tmp.resolve("a/b/c");
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThat(s.directory()).isEqualTo(dir.toAbsolutePath());
            assertThat(s.toString()).contains(dir.toString());
        }
        assertThat(dir.resolve("CURRENT")).exists();
    }

    @Test
    void aFileInsteadOfADirectoryIsRefusedByName() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> RocksDbKeyValueStore.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessage("datadir " + file + " is not a directory");
    }

    @Test
    void aDirectoryOpenInThisProcessIsRefused() {
        Path dir = tmp.resolve("twice");
        try (RocksDbKeyValueStore first = RocksDbKeyValueStore.open(dir)) {
            assertThatThrownBy(() -> RocksDbKeyValueStore.open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("datadir " + dir + " is already open in this process");
            first.put(b("01"), b("01"));
        }
        try (RocksDbKeyValueStore again = RocksDbKeyValueStore.open(dir)) {
            assertThat(again.contains(b("01"))).isTrue();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDirectoryOpenInAnotherProcessIsRefusedWithAClearMessage() throws Exception {
        Path dir = tmp.resolve("locked");
        try (JavaChildProcess child = JavaChildProcess.start(StoreWriterProcess.class, "hold", dir.toString())) {
            child.awaitLine("ready"::equals);
            assertThatThrownBy(() -> RocksDbKeyValueStore.open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("datadir " + dir + " is in use by another process");
            assertThat(child.closeInputAndWait()).isZero();
            child.awaitLine("closed"::equals);
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThat(s.contains(StoreWriterProcess.LAST)).isTrue();
        }
    }

    @Test
    void closingFromWithinAScanIsRefusedInsteadOfDeadlocking() {
        store.put(b("01"), b("01"));
        assertThatThrownBy(() -> store.scanPrefix(new byte[0], (k, v) -> {
            store.close();
            return true;
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store.contains(b("01"))).isTrue();
    }
}
