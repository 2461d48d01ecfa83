package dev.tributary.oplog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
    @TempDir
    Path tmp;

    private static OrderKey key(long time, String id, int seed) {
        return new OrderKey(time, id, Cid.of(new byte[] {(byte) seed, (byte) time}));
    }

    @Test
    void headsAreTheEntriesNobodyNamesAndTheCountFollows() {
        try (OplogStore store = OplogStore.on(new InMemoryKeyValueStore())) {
            LogStore log = store.log("/orbitdb/x");
            OrderKey a = key(1, "02aa", 1);
            OrderKey b = key(1, "02bb", 2);
            log.batch().add(a, new byte[] {1}, List.of(), false).add(b, new byte[] {2}, List.of(), false).commit();
            assertThat(log.heads()).containsExactly(b, a);
            OrderKey c = key(2, "02aa", 3);
            log.batch().add(c, new byte[] {3}, List.of(a.cid(), b.cid()), false).commit();
            assertThat(log.heads()).containsExactly(c);
            assertThat(log.size()).isEqualTo(3);
            assertThat(log.has(a.cid())).isTrue();
            assertThat(log.orderKey(b.cid())).contains(b);
            assertThat(log.entryBlock(c.cid())).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
            List<OrderKey> order = new ArrayList<>();
            log.scanOrder(null, order::add);
            assertThat(order).containsExactly(c, b, a);
        }
    }

    @Test
    void timesAndDigestsAreReadStraightFromTheOrderNewestFirst() {
        try (OplogStore store = OplogStore.on(new InMemoryKeyValueStore())) {
            LogStore log = store.log("/orbitdb/x");
            OrderKey a = key(1, "02aa", 1);
            OrderKey b = key(1, "03bbbb", 2);
            OrderKey c = key(Long.MAX_VALUE - 1, "02aa", 3);
            log.batch().add(a, new byte[] {1}, List.of(), false).add(b, new byte[] {2}, List.of(), false)
                    .add(c, new byte[] {3}, List.of(a.cid(), b.cid()), false).commit();
            List<String> read = new ArrayList<>();
            log.scanTimesAndDigests((time, digest) -> read.add(time + " " + java.util.HexFormat.of().formatHex(digest)));
            List<String> expected = new ArrayList<>();
            log.scanOrder(null, k -> expected.add(k.time() + " " + java.util.HexFormat.of().formatHex(k.cid().digest())));
            assertThat(read).hasSize(3).isEqualTo(expected);
        }
    }

    @Test
    void anUncommittedBatchChangesNothing() {
        try (OplogStore store = OplogStore.on(new InMemoryKeyValueStore())) {
            LogStore log = store.log("l");
            OrderKey a = key(1, "02aa", 1);
            log.batch().add(a, new byte[] {1}, List.of(), false);
            assertThat(log.size()).isZero();
            assertThat(log.heads()).isEmpty();
            assertThat(log.has(a.cid())).isFalse();
        }
    }

    @Test
    void theIndexKeepsTheLiveViewInStep() {
        try (OplogStore store = OplogStore.on(new InMemoryKeyValueStore())) {
            LogStore log = store.log("l");
            OrderKey a = key(1, "02aa", 1);
            OrderKey b = key(2, "02aa", 2);
            OrderKey c = key(3, "02aa", 3);
            byte[] k1 = {'x'};
            byte[] k2 = {'y'};
            log.batch().setIndex(k1, new LogStore.IndexValue(false, a)).setIndex(k2, new LogStore.IndexValue(false, b))
                    .commit();
            LogStore.LogBatch batch = log.batch().setIndex(k1, new LogStore.IndexValue(true, c));
            assertThat(batch.index(k1)).contains(new LogStore.IndexValue(true, c));
            assertThat(log.index(k1)).contains(new LogStore.IndexValue(false, a));
            batch.commit();
            List<String> live = new ArrayList<>();
            log.scanLive(null, (at, k) -> live.add(new String(k) + "@" + at.time()));
            assertThat(live).containsExactly("y@2");
        }
    }

    @Test
    void stagingIsOldestFirstAndClearedOnReopen() {
        Path dir = tmp.resolve("db");
        OrderKey a = key(1, "02aa", 1);
        OrderKey b = key(5, "02aa", 2);
        OrderKey c = key(3, "02bb", 3);
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            OplogStore store = OplogStore.on(kv);
            LogStore log = store.log("l");
            log.stage(List.of(b, a, c), List.of(new byte[] {2}, new byte[] {1}, new byte[] {3}));
            List<OrderKey> staged = new ArrayList<>();
            log.scanStaged(null, (k, block) -> staged.add(k));
            assertThat(staged).containsExactly(a, c, b);
            assertThat(log.staged(c.cid())).contains(c);
            log.batch().add(a, new byte[] {1}, List.of(), true).commit();
            assertThat(log.staged(a.cid())).isEmpty();
        }
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            LogStore log = OplogStore.on(kv).log("l");
            assertThat(log.staged(b.cid())).isEmpty();
            assertThat(log.size()).isEqualTo(1);
            assertThat(log.heads()).containsExactly(a);
        }
    }

    @Test
    void logsAreSeparateAndKeepTheirNumbersAcrossRestarts() {
        Path dir = tmp.resolve("db2");
        OrderKey a = key(1, "02aa", 1);
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            OplogStore store = OplogStore.on(kv);
            store.log("one").batch().add(a, new byte[] {1}, List.of(), false).commit();
            assertThat(store.log("two").has(a.cid())).isFalse();
            assertThat(store.hasBlock(a.cid())).isTrue();
        }
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            OplogStore store = OplogStore.on(kv);
            assertThat(store.hasLog("one")).isTrue();
            assertThat(store.hasLog("three")).isFalse();
            assertThat(store.log("one").has(a.cid())).isTrue();
            assertThat(store.log("two").has(a.cid())).isFalse();
        }
    }
}
