package dev.tributary.oplog.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.log.LogRange;
import dev.tributary.oplog.log.OpLog;
import dev.tributary.oplog.log.TestWriters;
import dev.tributary.oplog.store.LogStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a process in the middle of a long join into a RocksDB database, several times over the same directory,
 * and checks after each kill that the database is consistent: every entry's parents are in the log, the heads are
 * exactly the entries nobody names, the count is the number of entries, nothing is left staged that a reopen does
 * not drop, and the keyvalue index is what replaying the log gives. The last run completes the join.
 */
class OplogCrashTest {
    private static final int ENTRIES = 3_000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aJoinKilledMidwayLeavesAConsistentDatabaseThatTheNextJoinCompletes() throws Exception {
        Path dir = tmp.resolve("db");
        long held = -1;
        int killedMidJoin = 0;
        for (int round = 0; round < 2; round++) {
            try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m"), JoiningProcess.class, dir.toString(),
                    String.valueOf(ENTRIES))) {
                String holding = child.awaitLine(l -> l.startsWith("holding "));
                long now = Long.parseLong(holding.substring("holding ".length()));
                assertThat(now).as("a run starts from what the last one stored").isGreaterThanOrEqualTo(Math.max(held, 0));
                String line = child.awaitLine(l -> l.startsWith("applied 1000") || l.startsWith("joined "));
                child.kill();
                if (line.startsWith("applied")) {
                    killedMidJoin++;
                }
            }
            held = verify(dir);
        }
        assertThat(killedMidJoin).as("kills that landed inside a join").isPositive();
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m"), JoiningProcess.class, dir.toString(),
                String.valueOf(ENTRIES))) {
            assertThat(child.awaitLine(l -> l.startsWith("joined "))).endsWith("size " + ENTRIES);
            assertThat(child.awaitExit()).isZero();
        }
        assertThat(verify(dir)).isEqualTo(ENTRIES);
    }

    /** Checks the invariants of the one database in {@code dir}; returns its size. */
    private static long verify(Path dir) {
        try (Databases dbs = Databases.open(dir, TestWriters.writer(1))) {
            List<DatabaseInfo> list = dbs.list();
            assertThat(list).hasSize(1);
            KeyValue kv = (KeyValue) dbs.open(list.get(0).address(), null, null);
            OpLog log = kv.log();
            Set<Cid> named = new HashSet<>();
            Map<String, Object> replayed = new HashMap<>();
            Set<String> decided = new HashSet<>();
            long count = 0;
            Iterator<Entry> it = log.iterator(LogRange.all());
            while (it.hasNext()) {
                Entry e = it.next();
                count++;
                for (String n : e.next()) {
                    Cid parent = Cid.parse(n);
                    assertThat(log.has(parent)).as("parent of %s", e.cid()).isTrue();
                    named.add(parent);
                }
                Map<?, ?> op = (Map<?, ?>) e.payload();
                String key = (String) op.get("key");
                if (decided.add(key) && "PUT".equals(op.get("op"))) {
                    replayed.put(key, op.get("value"));
                }
            }
            assertThat(log.size()).isEqualTo(count);
            Set<Cid> expectedHeads = new HashSet<>();
            Iterator<Entry> again = log.iterator(LogRange.all());
            while (again.hasNext()) {
                Cid c = again.next().cid();
                if (!named.contains(c)) {
                    expectedHeads.add(c);
                }
            }
            assertThat(new HashSet<>(log.headCids())).isEqualTo(expectedHeads);
            Map<String, Object> indexed = new HashMap<>();
            kv.all().forEach(r -> indexed.put(r.key(), r.value()));
            assertThat(indexed).isEqualTo(replayed);
            for (String key : replayed.keySet()) {
                assertThat(kv.get(key)).contains(replayed.get(key));
            }
            LogStore store = log.store();
            assertThat(store.size()).isEqualTo(count);
            return count;
        }
    }
}
