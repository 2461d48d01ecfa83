package dev.tributary.oplog.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.store.OplogStore;
import dev.tributary.oplog.store.OrderKey;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpLogTest {
    private static final String LOG = "/orbitdb/test";
    private final LocalIdentity alice = TestWriters.writer(0);

    @TempDir
    Path tmp;

    private OpLog memoryLog() {
        return OpLog.open(OplogStore.on(new InMemoryKeyValueStore()), LOG, alice, WriteAccess.ANYONE, EntryApplier.NONE);
    }

    @Test
    void appendChainsEntriesWithOrbitDbsClockAndReferences() {
        OpLog log = memoryLog();
        List<Entry> appended = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            appended.add(log.append("e" + i));
        }
        Entry first = appended.get(0);
        assertThat(first.next()).isEmpty();
        assertThat(first.refs()).isEmpty();
        assertThat(first.clock().time()).isEqualTo(1);
        assertThat(first.clock().id()).isEqualTo(alice.identity().publicKey());
        assertThat(first.id()).isEqualTo(LOG);
        Entry last = appended.get(19);
        assertThat(last.clock().time()).isEqualTo(20);
        assertThat(last.next()).containsExactly(appended.get(18).cid().toString());
        // One head, 16 references asked for: OrbitDB keeps the entries 1 to 16 steps back of the new one's parent
        // (as the interop vectors OrbitDB 4.0.0 wrote show; see References).
        List<String> expected = new ArrayList<>();
        for (int back = 1; back <= 16; back++) {
            expected.add(appended.get(18 - back).cid().toString());
        }
        assertThat(last.refs()).isEqualTo(expected);
        assertThat(log.heads()).containsExactly(last);
        assertThat(log.size()).isEqualTo(20);
        assertThat(log.values()).containsExactlyElementsOf(appended);
    }

    @Test
    void aLogReopensWithItsHeadsAndCountWithoutReplaying() {
        Path dir = tmp.resolve("log");
        Entry last;
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            OpLog log = OpLog.open(OplogStore.on(kv), LOG, alice, WriteAccess.ANYONE, EntryApplier.NONE);
            for (int i = 0; i < 50; i++) {
                log.append(i);
            }
            last = log.heads().get(0);
        }
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            OpLog log = OpLog.open(OplogStore.on(kv), LOG, alice, WriteAccess.ANYONE, EntryApplier.NONE);
            assertThat(log.size()).isEqualTo(50);
            assertThat(log.heads()).containsExactly(last);
            Entry next = log.append(50);
            assertThat(next.clock().time()).isEqualTo(51);
            assertThat(next.next()).containsExactly(last.cid().toString());
        }
    }

    @Test
    void iterationBoundsNamingUnknownEntriesAreClearErrors() {
        OpLog log = memoryLog();
        log.append("x");
        Cid unknown = Cid.of(new byte[] {(byte) 0xa0});
        assertThatThrownBy(() -> log.iterator(LogRange.all().lte(unknown)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bound lte names entry " + unknown + ", which is not in " + LOG);
        assertThatThrownBy(() -> LogRange.all().amount(-2)).hasMessageContaining("amount must be -1");
        assertThat(log.iterator(LogRange.all().amount(0).lte(unknown)).hasNext()).isFalse();
    }

    @Test
    void aWriterWithoutAccessCannotAppendAndNothingIsStored() {
        OpLog log = OpLog.open(OplogStore.on(new InMemoryKeyValueStore()), LOG, alice, (e, id) -> false,
                EntryApplier.NONE);
        assertThatThrownBy(() -> log.append("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("identity " + alice.identity().id() + " may not write to " + LOG);
        assertThat(log.size()).isZero();
        assertThat(log.heads()).isEmpty();
    }

    @Test
    void scanByTimeVisitsATimeRangeNewestFirst() {
        OpLog log = memoryLog();
        for (int i = 0; i < 10; i++) {
            log.append(i);
        }
        List<Long> times = new ArrayList<>();
        log.scanByTime(3, 6, k -> times.add(k.time()) || true);
        assertThat(times).containsExactly(6L, 5L, 4L, 3L);
        List<OrderKey> two = new ArrayList<>();
        log.scanByTime(0, 100, k -> two.add(k) && two.size() < 2);
        assertThat(two).extracting(OrderKey::time).containsExactly(10L, 9L);
        assertThatThrownBy(() -> log.scanByTime(5, 4, k -> true)).hasMessageContaining("0 <= from <= to");
    }

    @Test
    void listenersHearAppendsAndJoins() {
        OpLog a = memoryLog();
        OpLog b = OpLog.open(OplogStore.on(new InMemoryKeyValueStore()), LOG, TestWriters.writer(1),
                WriteAccess.ANYONE, EntryApplier.NONE);
        List<String> heard = new ArrayList<>();
        b.addListener((e, local) -> heard.add(e.payload() + (local ? " local" : " joined")));
        Entry x = a.append("x");
        b.append("y");
        OplogStore aStore = null;
        assertThat(aStore).isNull();
        BlockSource fromA = cids -> java.util.concurrent.CompletableFuture.completedFuture(
                java.util.Map.of(alice.identity().cid(), alice.identity().bytes()));
        assertThat(b.join(x, fromA).join()).isEqualTo(new JoinResult.Joined(1));
        assertThat(heard).containsExactly("y local", "x joined");
        assertThat(b.headCids()).hasSize(2);
    }
}
