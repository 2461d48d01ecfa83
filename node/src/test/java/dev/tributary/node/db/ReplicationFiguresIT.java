package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.Events;
import dev.tributary.sync.replication.PeerProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication figures over loopback: a writer appends N entries ({@code -Dreplication.entries}, default 2,000), a
 * fresh node opens the database by address and catches up; then the fresh node restarts and checks it is in sync.
 * Prints one {@code key=value} line, with the writer's append rate measured in the same run as the baseline.
 */
class ReplicationFiguresIT {
    @TempDir
    Path dir;

    @Test
    void aFreshPeerCatchesUpAndAnInSyncCheckTakesOneRoundTrip() throws Exception {
        int n = Integer.getInteger("replication.entries", 2_000);
        try (DbNode a = DbNode.start(dir.resolve("a"), DbNode.identity("a"), List.of())) {
            Events events = a.dbs.replicate(a.dbs.library().events("bench"));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                events.add("entry " + i);
            }
            double appendSeconds = (System.nanoTime() - t0) / 1e9;
            PeerProgress caughtUp;
            double catchUpSeconds;
            try (DbNode b = DbNode.start(dir.resolve("b"), DbNode.identity("b"), List.of(a.address()))) {
                long t1 = System.nanoTime();
                Database copy = b.dbs.open(events.address()).get(60, TimeUnit.SECONDS);
                caughtUp = b.dbs.replication().whenSynced(events.address()).get(30, TimeUnit.MINUTES);
                catchUpSeconds = (System.nanoTime() - t1) / 1e9;
                assertThat(copy.size()).isEqualTo(n);
            }
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            try (DbNode b = DbNode.start(dir.resolve("b"), DbNode.identity("b"), List.of(a.address()))) {
                long t2 = System.nanoTime();
                b.dbs.open(events.address()).get(60, TimeUnit.SECONDS);
                PeerProgress inSync = b.dbs.replication().whenSynced(events.address()).get(60, TimeUnit.SECONDS);
                double inSyncMillis = (System.nanoTime() - t2) / 1e6;
                assertThat(inSync.roundTrips()).isEqualTo(1);
                double rate = n / catchUpSeconds;
                double appendRate = n / appendSeconds;
                System.out.printf(java.util.Locale.ROOT, "replication entries=%d fresh_peer_entries_per_s=%.0f"
                        + " fresh_peer_s=%.2f catchup_round_trips=%d appends_per_s=%.0f ratio_to_appends=%.2f"
                        + " insync_round_trips=%d insync_recon_bytes=%d insync_ms=%.0f heap_mb_after=%d%n", n, rate,
                        catchUpSeconds, caughtUp.roundTrips(), appendRate, rate / appendRate, inSync.roundTrips(),
                        inSync.reconBytes(), inSyncMillis, heap >> 20);
            }
        }
    }
}
