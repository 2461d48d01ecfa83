package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.ChildCli;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.log.OpLog;
import dev.tributary.sync.replication.PeerProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node catching up on a database over a real socket, in a child JVM with RocksDB on disk, is killed with SIGKILL
 * mid-catch-up; its data directory, reopened, holds a consistent part of the log (every stored entry's parents and
 * references stored, the heads exactly the entries nothing stored points to); restarted, it completes the catch-up
 * fetching only what it lacked, and ends with every entry and the writer's heads.
 */
class ReplicationCrashIT {
    /** Entries the writer holds ({@code -Dreplication.crash.entries}): enough for a catch-up of several seconds. */
    private static final int ENTRIES = Integer.getInteger("replication.crash.entries", 10_000);
    /** Entries fetched at once per peer and database: four {@code dbwant}s of 512 in flight. */
    private static final int IN_FLIGHT = 4 * 512;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void aCatchUpKilledWithSigkillResumesFromWhatItStoredAndCompletes() throws Exception {
        try (DbNode a = DbNode.start(dir.resolve("a"), DbNode.identity("a"), List.of())) {
            Events events = a.dbs.replicate(a.dbs.library().events("crash"));
            for (int i = 0; i < ENTRIES; i++) {
                events.add("event " + i);
            }
            String address = events.address();
            Path b = dir.resolve("b");

            // Past the slack allowed below, so that fetching everything again could not pass for resuming.
            int killAt = ENTRIES * 2 / 5;
            assertThat(killAt).isGreaterThan(IN_FLIGHT);
            long printedAtKill;
            try (ChildCli child = ChildCli.startMain(List.of("-Xmx512m"), Map.of(), CatchUpChild.class,
                    b.toString(), Integer.toString(a.address().getPort()), address)) {
                String line = child.awaitErrLine(l -> storedAtLeast(l, killAt), PATIENCE);
                child.kill();
                printedAtKill = Long.parseLong(line.substring(CatchUpChild.STORED.length()));
                assertThat(child.err()).as("the child was killed before it synced\n%s", child.transcript())
                        .noneMatch(l -> l.startsWith(CatchUpChild.SYNCED));
            }

            long s0;
            try (DbNode again = DbNode.open(b, List.of(a.address()))) {
                Database copy = again.dbs.library().get(address).orElseThrow();
                s0 = copy.size();
                assertThat(s0).as("entries stored at the kill").isBetween(printedAtKill, ENTRIES - 1L);
                assertThat(inconsistencies(copy.log())).as("the log after a SIGKILL").isEmpty();

                again.startNetwork();
                again.dbs.open(address).get(60, TimeUnit.SECONDS);
                PeerProgress synced = again.dbs.replication().whenSynced(address)
                        .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                again.until(() -> copy.size() == ENTRIES, Duration.ofSeconds(30), "every entry stored");
                PeerProgress last = again.progress(address).get(0);
                System.out.printf("replication crash entries=%d stored_at_kill=%d fetched_after_restart=%d"
                        + " applied_after_restart=%d round_trips=%d%n", ENTRIES, s0, last.fetched(), last.applied(),
                        last.roundTrips());

                assertThat(copy.size()).isEqualTo(ENTRIES);
                assertThat(DbNode.heads(copy)).isEqualTo(DbNode.heads(events));
                assertThat(synced.peerHeads()).isEqualTo(events.log().headCids().size());
                assertThat(last.applied()).as("entries stored after the restart").isEqualTo(ENTRIES - s0);
                assertThat(last.fetched()).as("entries fetched after the restart (%d were stored)", s0)
                        .isBetween(ENTRIES - s0, ENTRIES - s0 + IN_FLIGHT);
                assertThat(inconsistencies(copy.log())).as("the log once synced").isEmpty();
            }
        }
    }

    private static boolean storedAtLeast(String line, long n) {
        return line.startsWith(CatchUpChild.STORED) && Long.parseLong(line.substring(CatchUpChild.STORED.length())) >= n;
    }

    /**
     * What is wrong with the stored log: an order key without its entry, an entry whose parent or reference is not
     * stored or whose clock is not after its parents', a count that is not the number of entries, heads that are not
     * exactly the entries no other entry names as a parent. Empty when consistent.
     */
    private static List<String> inconsistencies(OpLog log) {
        List<String> problems = new ArrayList<>();
        Set<Cid> members = new HashSet<>();
        Set<Cid> parents = new HashSet<>();
        log.store().scanOrder(null, key -> {
            Optional<Entry> stored = log.get(key.cid());
            if (stored.isEmpty()) {
                problems.add("no entry for order key " + key);
                return problems.size() < 20;
            }
            Entry e = stored.get();
            members.add(e.cid());
            for (Cid p : e.nextCids()) {
                parents.add(p);
                Optional<Entry> parent = log.get(p);
                if (parent.isEmpty()) {
                    problems.add("parent " + p + " of " + e.cid() + " not stored");
                } else if (parent.get().clock().time() >= e.clock().time()) {
                    problems.add("clock of " + e.cid() + " not after its parent " + p);
                }
            }
            for (Cid r : e.refsCids()) {
                if (!log.has(r)) {
                    problems.add("reference " + r + " of " + e.cid() + " not stored");
                }
            }
            return problems.size() < 20;
        });
        if (members.size() != log.size()) {
            problems.add(members.size() + " entries in the order index, count says " + log.size());
        }
        Set<Cid> unreferenced = new HashSet<>(members);
        unreferenced.removeAll(parents);
        if (!unreferenced.equals(new HashSet<>(log.headCids()))) {
            problems.add(log.headCids().size() + " heads, " + unreferenced.size()
                    + " entries no other names as a parent, not the same: heads " + log.headCids());
        }
        return problems;
    }
}
