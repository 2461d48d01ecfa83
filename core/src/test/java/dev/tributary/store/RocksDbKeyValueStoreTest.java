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
    void unloggedWritesSkipTheLogUntilALoggedWriteOfTheirKeyspaceFlushesThem() throws Exception {
        Path dir = tmp.resolve("unlogged");
        byte[] large = new byte[1 << 20];
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir, RocksDbKeyValueStore.Config.defaults(), 0)) {
            KeyValueStore headers = s.keyspace("headers");
            s.put(b("00"), b("aa"));
            long logBefore = bytesIn(dir, ".log");
            headers.writeUnlogged(new WriteBatch().put(b("01"), large).put(b("02"), b("bb")));
            s.writeUnlogged(new WriteBatch().put(b("03"), large));
            assertThat(bytesIn(dir, ".log")).as("the log after 2 MiB written unlogged").isLessThan(logBefore + 4096);
            assertThat(headers.get(b("02"))).hasValue(b("bb"));
            assertThat(filesIn(dir, ".sst")).as("nothing flushed yet").isZero();

            headers.put(b("04"), b("cc"));
            assertThat(filesIn(dir, ".sst")).as("the keyspace's memtable, flushed before its logged write").isEqualTo(1);
            s.put(b("05"), b("dd"));
            assertThat(filesIn(dir, ".sst")).as("the default keyspace's, before its own").isEqualTo(2);
            s.put(b("06"), b("ee"));
            assertThat(filesIn(dir, ".sst")).as("no flush when nothing is unlogged").isEqualTo(2);
            headers.writeUnlogged(new WriteBatch().put(b("07"), b("ff")));
        }
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            KeyValueStore headers = s.keyspace("headers");
            assertThat(headers.get(b("01"))).hasValueSatisfying(v -> assertThat(v).hasSize(large.length));
            assertThat(headers.get(b("02"))).hasValue(b("bb"));
            assertThat(headers.get(b("04"))).hasValue(b("cc"));
            assertThat(headers.get(b("07"))).as("an unlogged write with no logged one after it, kept by closing")
                    .hasValue(b("ff"));
            assertThat(s.get(b("01"))).isEmpty();
            assertThat(s.get(b("03"))).hasValueSatisfying(v -> assertThat(v).hasSize(large.length));
        }
    }

    @Test
    void afterAFlushForcedByALoggedWriteUnloggedWritesKeepTheLogForAWhile() throws Exception {
        Path dir = tmp.resolve("pause");
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir, RocksDbKeyValueStore.Config.defaults(),
                TimeUnit.HOURS.toNanos(1))) {
            s.writeUnlogged(new WriteBatch().put(b("01"), b("aa")));
            s.put(b("02"), b("bb"));
            assertThat(filesIn(dir, ".sst")).isEqualTo(1);
            s.writeUnlogged(new WriteBatch().put(b("03"), new byte[1 << 20]));
            s.put(b("04"), b("cc"));
            assertThat(filesIn(dir, ".sst")).as("the unlogged write was logged: no second flush").isEqualTo(1);
        }
    }

    @Test
    void syncedStoresLogEveryWrite() throws Exception {
        Path dir = tmp.resolve("synced");
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir, RocksDbKeyValueStore.Config.defaults()
                .withSyncWrites(true), 0)) {
            long logBefore = bytesIn(dir, ".log");
            s.writeUnlogged(new WriteBatch().put(b("01"), new byte[1 << 20]));
            assertThat(bytesIn(dir, ".log")).isGreaterThan(logBefore + (1 << 20));
        }
    }

    @Test
    void closingFlushesEveryKeyspaceSoThatReopeningHasNoLogToReplay() throws Exception {
        Path dir = tmp.resolve("flushed");
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            KeyValueStore oplog = s.keyspace("oplog");
            for (int i = 0; i < 100; i++) {
                oplog.put(new byte[] {(byte) i}, new byte[100]);
            }
            s.put(b("01"), b("aa"));
            assertThat(bytesIn(dir, ".log")).as("logged writes, in the log while open").isGreaterThan(10_000);
        }
        assertThat(bytesIn(dir, ".log")).as("the log left by a clean close").isZero();
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(dir)) {
            assertThat(s.get(b("01"))).hasValue(b("aa"));
            assertThat(scanPrefix(s.keyspace("oplog"), new byte[0])).hasSize(100);
        }
    }

    private static long bytesIn(Path dir, String suffix) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static long filesIn(Path dir, String suffix) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
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

    /**
     * Batches of values of a kilobyte and more go through native batches kept for reuse: a smaller batch after a
     * larger one writes its own operations only, deletes included, in the keyspace it was made for; and writers on
     * several threads each get a batch of their own.
     */
    @Test
    void batchesOfLargeValuesWrittenOneAfterAnotherAndAtOnceAreEachWrittenWhole() throws Exception {
        try (RocksDbKeyValueStore s = RocksDbKeyValueStore.open(tmp.resolve("large"))) {
            KeyValueStore space = s.keyspace("segments");
            WriteBatch big = new WriteBatch();
            for (int i = 0; i < 100; i++) {
                big.put(new byte[] {1, (byte) i}, value(i, 3584));
            }
            space.write(big);
            space.delete(new byte[] {1, 7}); // not through a batch: a batch reused without clearing would put it back
            WriteBatch small = new WriteBatch().put(new byte[] {2, 0}, value(200, 2048)).delete(new byte[] {1, 5});
            assertThat(LargeValueBatches.suits(small)).isTrue();
            space.write(small);
            int[] count = {0};
            space.scan(new byte[] {0}, null, (k, v) -> {
                int i = k[0] == 2 ? 200 : k[1];
                assertThat(v).isEqualTo(value(i, k[0] == 2 ? 2048 : 3584));
                count[0]++;
                return true;
            });
            assertThat(count[0]).isEqualTo(99);
            assertThat(space.get(new byte[] {1, 7})).isEmpty();
            assertThat(s.get(new byte[] {2, 0})).as("written to the keyspace only").isEmpty();

            java.util.List<java.util.concurrent.CompletableFuture<Void>> writers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                byte thread = (byte) (10 + t);
                writers.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                    for (int round = 0; round < 20; round++) {
                        WriteBatch b = new WriteBatch();
                        for (int i = 0; i < 1 + round % 7; i++) {
                            b.put(new byte[] {thread, (byte) round, (byte) i}, value(thread * 1000 + round * 10 + i, 1500));
                        }
                        s.write(b);
                    }
                }));
            }
            java.util.concurrent.CompletableFuture.allOf(writers.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(60, TimeUnit.SECONDS);
            for (int t = 0; t < 4; t++) {
                for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < 1 + round % 7; i++) {
                        assertThat(s.get(new byte[] {(byte) (10 + t), (byte) round, (byte) i}))
                                .hasValueSatisfying(v -> assertThat(v).hasSize(1500));
                    }
                }
            }
        }
    }

    private static byte[] value(int seed, int length) {
        byte[] v = new byte[length];
        new java.util.Random(seed).nextBytes(v);
        return v;
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
                    .hasMessage("datadir " + dir + " is already open in this process")
                    .matches(e -> ((StoreException) e).isInUse(), "says the store is in use");
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
                    .hasMessageStartingWith("datadir " + dir + " is in use by another process")
                    .matches(e -> ((StoreException) e).isInUse(), "says the store is in use");
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
