package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.sync.replication.PeerProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replication between real nodes over loopback sockets (port 0), RocksDB stores. */
class ReplicationIT {
    @TempDir
    Path dir;
    private final List<DbNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(DbNode::close);
    }

    private DbNode start(String name, List<java.net.InetSocketAddress> peers) throws Exception {
        DbNode n = DbNode.start(dir.resolve(name), DbNode.identity(name), peers);
        nodes.add(n);
        return n;
    }

    @Test
    void aFreshPeerOpensADatabaseByAddressAndCatchesUpOnAThousandEntriesThenSeesLiveWrites() throws Exception {
        DbNode a = start("a", List.of());
        Events events = a.dbs.replicate(a.dbs.library().events("log"));
        for (int i = 0; i < 1000; i++) {
            events.add("event " + i);
        }
        DbNode b = start("b", List.of(a.address()));
        Database copy = b.dbs.open(events.address()).get(30, TimeUnit.SECONDS);
        PeerProgress synced = b.dbs.replication().whenSynced(events.address()).get(60, TimeUnit.SECONDS);

        assertThat(copy.size()).isEqualTo(1000);
        assertThat(DbNode.heads(copy)).isEqualTo(DbNode.heads(events));
        assertThat(synced.applied()).isEqualTo(1000);
        // entries only: the writer's identity, which the first join fetches, is no entry (it made 1001)
        assertThat(synced.fetched()).isEqualTo(1000);
        assertThat(synced.roundTrips()).isLessThanOrEqualTo(4);

        events.add("live");
        b.until(() -> copy.size() == 1001, Duration.ofSeconds(10), "the live write reaches b");
        assertThat(DbNode.heads(copy)).isEqualTo(DbNode.heads(events));
    }

    @Test
    void twoReplicasAlreadyInSyncCheckInOneRoundTrip() throws Exception {
        DbNode a = start("a", List.of());
        KeyValue kv = a.dbs.replicate(a.dbs.library().keyValue("kv"));
        for (int i = 0; i < 500; i++) {
            kv.put("k" + i, i);
        }
        DbNode b = start("b", List.of(a.address()));
        Database copy = b.dbs.open(kv.address()).get(30, TimeUnit.SECONDS);
        b.dbs.replication().whenSynced(kv.address()).get(60, TimeUnit.SECONDS);
        b.close();
        nodes.remove(b);

        DbNode again = start("b", List.of(a.address()));
        again.dbs.open(kv.address()).get(30, TimeUnit.SECONDS);
        PeerProgress p = again.dbs.replication().whenSynced(kv.address()).get(60, TimeUnit.SECONDS);
        assertThat(p.roundTrips()).isEqualTo(1);
        assertThat(p.applied()).isZero();
        assertThat(p.fetched()).isZero();
    }
}
