package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.sync.replication.PeerProgress;
import dev.tributary.sync.replication.ReplicationListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several real nodes over loopback: concurrent writers, a partition and its heal, a line of five. */
class ReplicationTopologyIT {
    private static final Duration CONVERGE = Duration.ofSeconds(120);
    @TempDir
    Path dir;
    private final List<DbNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(DbNode::close);
    }

    private DbNode start(String name, List<InetSocketAddress> peers) throws Exception {
        DbNode n = DbNode.start(dir.resolve(name), DbNode.identity(name), peers);
        nodes.add(n);
        return n;
    }

    /** A keyvalue database anyone may write: the same address on every node. */
    private static KeyValue shared(DbNode n) {
        return n.dbs.replicate((KeyValue) n.dbs.library().open("shared", DatabaseType.KEYVALUE, AccessSpec.anyone()));
    }

    private static void writeConcurrently(Map<DbNode, KeyValue> writers, String prefix, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            int w = 0;
            for (KeyValue kv : writers.values()) {
                int id = w++;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        kv.put(prefix + "-" + id + "-" + i, i);
                        kv.put("contended", prefix + "-" + id + "-" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void awaitConvergence(List<KeyValue> replicas, long entries, DbNode waiter) throws Exception {
        waiter.until(() -> replicas.stream().allMatch(r -> r.size() == entries)
                        && replicas.stream().map(DbNode::heads).distinct().count() == 1,
                CONVERGE, "all replicas hold " + entries + " entries and the same heads; sizes "
                        + replicas.stream().map(KeyValue::size).toList());
        Object state = replicas.get(0).all();
        for (KeyValue r : replicas) {
            assertThat(r.all()).isEqualTo(state);
        }
    }

    @Test
    void threeNodesWithConcurrentWritersPartitionedAndHealedConvergeOnTheSameHeadsAndState() throws Exception {
        DbNode a = start("a", List.of());
        DbNode b = start("b", List.of(a.address()));
        DbNode c = start("c", List.of(a.address(), b.address()));
        Map<DbNode, KeyValue> kvs = new HashMap<>();
        for (DbNode n : List.of(a, b, c)) {
            kvs.put(n, shared(n));
        }
        writeConcurrently(kvs, "connected", 40);
        awaitConvergence(List.copyOf(kvs.values()), 3 * 80, a);

        // Partition: c alone on one side, a and b on the other, all three writing.
        c.close();
        nodes.remove(c);
        kvs.remove(c);
        DbNode cAlone = start("c", List.of());
        kvs.put(cAlone, shared(cAlone));
        writeConcurrently(kvs, "apart", 25);
        assertThat(kvs.get(cAlone).size()).isEqualTo(3 * 80 + 50);

        // Heal: c comes back connected to both.
        cAlone.close();
        nodes.remove(cAlone);
        kvs.remove(cAlone);
        DbNode cBack = start("c", List.of(a.address(), b.address()));
        kvs.put(cBack, shared(cBack));
        awaitConvergence(List.copyOf(kvs.values()), 3 * 80 + 3 * 50, a);
        List<PeerProgress> progress = cBack.progress(kvs.get(cBack).address());
        assertThat(progress).hasSize(2).allMatch(PeerProgress::synced);
    }

    @Test
    void aLineOfFiveNodesWithWritersAtBothEndsConvergesAndFiresSynced() throws Exception {
        List<DbNode> line = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            line.add(start(name, line.isEmpty() ? List.of() : List.of(line.get(line.size() - 1).address())));
        }
        List<KeyValue> kvs = new ArrayList<>();
        for (DbNode n : line) {
            kvs.add(shared(n));
        }
        List<PeerProgress> syncedAtE = new CopyOnWriteArrayList<>();
        line.get(4).dbs.replication().addListener(new ReplicationListener() {
            @Override
            public void synced(PeerProgress p) {
                syncedAtE.add(p);
            }
        });
        Map<DbNode, KeyValue> writers = new HashMap<>();
        writers.put(line.get(0), kvs.get(0));
        writers.put(line.get(4), kvs.get(4));
        writeConcurrently(writers, "end", 60);

        awaitConvergence(kvs, 2 * 120, line.get(2));
        line.get(4).until(() -> line.get(4).dbs.replication().progress(kvs.get(4).address()).stream()
                .allMatch(PeerProgress::synced), Duration.ofSeconds(30), "e is synced with d");
        assertThat(syncedAtE).isNotEmpty();
        assertThat(syncedAtE).allMatch(p -> p.address().equals(kvs.get(4).address()));
    }
}
