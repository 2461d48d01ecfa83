package dev.tributary.bench;

import dev.tributary.sync.replication.ReplicationStageTimes;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.db.DbService;
import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseListener;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.sync.replication.PeerProgress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One run of Tributary's side of {@code bench oplog}: the workload of {@code interop/orbitdb/replicate.mjs} on
 * Tributary nodes (each running the database service alone on RocksDB in a temporary directory, all in this JVM,
 * connected over TCP on loopback):
 * <ol>
 *   <li>write: W writer nodes (node 0 creates an events database the W identities may write; the others connect to
 *       it and open it by address) add N entries in all, each its share, at the same time, and wait until each holds
 *       all N;</li>
 *   <li>fresh peers: K - W new nodes connect to node 0 and open the address; the time until every one of them holds
 *       all N entries is the replication time;</li>
 *   <li>already in sync: the first fresh node is stopped and started again on its store; the time from its start
 *       until the database is {@code synced} with node 0, and that reconciliation's round trips;</li>
 *   <li>one entry missing: that node stopped again, node 0 adds one entry, the node started: time and round trips
 *       until it is synced and holds it;</li>
 *   <li>live writes: node 0 adds M entries, one every 25 ms; the delay from each {@code add} call to its arrival at
 *       the last fresh node (its database listener), p50 and p99;</li>
 *   <li>memory ({@link HeapPeaks}): the most heap in use at any moment of the run (garbage included: it grows with
 *       the maximum heap the JVM picked, and never exceeds it), the largest heap left right after a collection (what
 *       the nodes kept), and the process's peak resident set (all K nodes share this JVM).</li>
 * </ol>
 */
public final class OplogReplicationBench {
    /** One run's figures. */
    public record Result(int entries, int writers, int nodes, double writeEntriesPerSecond, double replicateMillis,
            double replicateEntriesPerSecond, double replicateCpuSeconds, double inSyncMillis,
            double reopenInSyncMillis, int reopenRoundTrips, int inSyncRoundTrips, double oneMissingMillis,
            int oneMissingRoundTrips, int liveWrites, double p50Millis, double p99Millis, double heapPeakMb,
            double heapAfterGcPeakMb, double rssPeakMb, Stages stages) {
    }

    /**
     * Where the replication's CPU time went, in microseconds of CPU per replicated entry (each fresh node's copy
     * counts): the process's whole time ({@code total}: every node, the collector and the JIT compiler) and the
     * catch-up stages of {@link ReplicationStageTimes}; {@code other} is what they leave out (messaging, sockets,
     * the collector, the compiler).
     */
    public record Stages(double total, double serve, double decode, double verify, double join) {
        public double other() {
            return total - serve - decode - verify - join;
        }
    }

    private static final long TIMEOUT_SECONDS = 3600;
    private static final long LIVE_INTERVAL_NANOS = 25_000_000L;

    private final Path dir;
    private final Consumer<String> progress;
    private final SecureRandom random = new SecureRandom();
    private final List<Node> started = new ArrayList<>();

    private OplogReplicationBench(Path dir, Consumer<String> progress) {
        this.dir = dir;
        this.progress = progress;
    }

    /**
     * Runs once in a new directory under {@code tmp}, which it deletes; {@code progress} hears each step as it
     * starts and ends, in words ({@code "wrote 100000 entries in 7.4 s"}).
     */
    public static Result run(int n, int writers, int nodes, int live, Path tmp, Consumer<String> progress)
            throws Exception {
        if (writers < 1 || writers >= nodes) {
            throw new IllegalArgumentException("writers must be 1..nodes - 1");
        }
        Path dir = Files.createTempDirectory(tmp, "oplog-repl-");
        OplogReplicationBench bench = new OplogReplicationBench(dir, progress);
        try {
            return bench.run(n, writers, nodes, live);
        } finally {
            bench.closeAll();
            deleteTree(dir);
        }
    }

    private Result run(int n, int writers, int nodes, int live) throws Exception {
        resetPeakRss();
        try (HeapPeaks heap = HeapPeaks.watch()) {
            return run(n, writers, nodes, live, heap);
        }
    }

    private Result run(int n, int writers, int nodes, int live, HeapPeaks heap) throws Exception {
        List<LocalIdentity> ids = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ids.add(LocalIdentity.create("bench" + i, random));
        }
        // Writers: node 0 creates the database, the others open it from node 0 and sync.
        Node first = start(0, ids.get(0), List.of());
        InetSocketAddress firstAddress = first.listeningAddress();
        String[] writerIds = ids.subList(0, writers).stream().map(id -> id.identity().id()).toArray(String[]::new);
        Events db0 = (Events) DbService.of(first).replicate(
                DbService.of(first).library().open("bench", DatabaseType.EVENTS, AccessSpec.writers(writerIds)));
        String address = db0.address();
        List<Events> writerDbs = new ArrayList<>(List.of(db0));
        for (int w = 1; w < writers; w++) {
            Node node = start(w, ids.get(w), List.of(firstAddress));
            // Opened from node 0 (its manifest and access list fetched); empty, so nothing to sync yet.
            writerDbs.add((Events) await(DbService.of(node).open(address)));
        }

        progress.accept("writing " + n + " entries on " + writers + (writers == 1 ? " node" : " nodes"));
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Events db = writerDbs.get(w);
            int from = (int) ((long) n * w / writers);
            int to = (int) ((long) n * (w + 1) / writers);
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = from; i < to; i++) {
                    db.add("entry " + writer + " " + i);
                }
            }, "bench-writer-" + w);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double writeRate = perSecond(n, System.nanoTime() - start);
        for (Events db : writerDbs) {
            waitForSize(db, n);
        }
        progress.accept(String.format(Locale.ROOT, "wrote %d entries at %.0f entries/s; replicating them to %d fresh %s",
                n, writeRate, nodes - writers, nodes - writers == 1 ? "node" : "nodes"));

        // Fresh peers.
        ReplicationStageTimes.COUNTERS.reset();
        start = System.nanoTime();
        long cpuStart = cpuNanos();
        List<CompletableFuture<Void>> complete = new ArrayList<>();
        List<Node> fresh = new ArrayList<>();
        for (int i = writers; i < nodes; i++) {
            Node node = start(i, ids.get(i), List.of(firstAddress));
            fresh.add(node);
            complete.add(DbService.of(node).open(address).thenCompose(db -> sizeReached(db, n)));
        }
        await(CompletableFuture.allOf(complete.toArray(CompletableFuture[]::new)));
        long replicateNanos = System.nanoTime() - start;
        double replicateCpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        double replicated = (double) n * fresh.size();
        progress.accept(String.format(Locale.ROOT, "replicated in %.2f s (%.0f entries/s); already in sync, one entry"
                + " missing, then %d live writes", replicateNanos / 1e9, perSecond(n, replicateNanos), live));
        Stages stages = new Stages(replicateCpuSeconds * 1e6 / replicated,
                stageMicros(ReplicationStageTimes.Stage.SERVE, replicated),
                stageMicros(ReplicationStageTimes.Stage.DECODE, replicated),
                stageMicros(ReplicationStageTimes.Stage.VERIFY, replicated),
                stageMicros(ReplicationStageTimes.Stage.JOIN, replicated));

        // Already in sync, then one entry missing: the first fresh node stopped and started again.
        int reader = writers;
        Node node = fresh.get(0);
        close(node);
        start = System.nanoTime();
        node = start(reader, ids.get(reader), List.of(firstAddress));
        PeerProgress inSync = await(DbService.of(node).replication().whenSynced(address));
        long inSyncNanos = System.nanoTime() - start;
        checkSize(DbService.of(node).library().get(address).orElseThrow(), n);

        // Already in sync, in a running node: the database closed and opened again (what OrbitDB's figure times).
        double[] reopens = new double[3];
        PeerProgress reopened = null;
        for (int i = 0; i < reopens.length; i++) {
            DbService service = DbService.of(node);
            await(service.close(address));
            long t = System.nanoTime();
            await(service.open(address));
            reopened = await(service.replication().whenSynced(address));
            reopens[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(reopens);

        close(node);
        db0.add("one more");
        start = System.nanoTime();
        node = start(reader, ids.get(reader), List.of(firstAddress));
        Database copy = DbService.of(node).library().get(address).orElseThrow();
        CompletableFuture<Void> holds = sizeReached(copy, n + 1);
        await(holds);
        PeerProgress oneMissing = await(DbService.of(node).replication().whenSynced(address));
        long oneMissingNanos = System.nanoTime() - start;
        fresh.set(0, node);

        // Live writes from node 0, timed at the last fresh node.
        Database last = DbService.of(fresh.get(fresh.size() - 1)).library().get(address).orElseThrow();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long[] delays = new long[live];
        int[] arrived = {0};
        CompletableFuture<Void> allArrived = new CompletableFuture<>();
        DatabaseListener listener = u -> {
            Long at = u.payload() instanceof Map<?, ?> m && m.get("value") instanceof String s ? sent.get(s) : null;
            if (at != null) {
                synchronized (delays) {
                    if (arrived[0] < live) {
                        delays[arrived[0]++] = System.nanoTime() - at;
                        if (arrived[0] == live) {
                            allArrived.complete(null);
                        }
                    }
                }
            }
        };
        last.addListener(listener);
        for (int i = 0; i < live; i++) {
            long t = System.nanoTime();
            String value = "live " + i;
            sent.put(value, t);
            db0.add(value);
            LockSupport.parkNanos(Math.max(0, LIVE_INTERVAL_NANOS - (System.nanoTime() - t)));
        }
        await(allArrived);
        last.removeListener(listener);
        Arrays.sort(delays);

        return new Result(n, writers, nodes, writeRate, replicateNanos / 1e6, perSecond(n, replicateNanos),
                replicateCpuSeconds, inSyncNanos / 1e6, reopens[1], reopened.roundTrips(), inSync.roundTrips(),
                oneMissingNanos / 1e6, oneMissing.roundTrips(), live,
                percentile(delays, 50) / 1e6, percentile(delays, 99) / 1e6, heap.peakMb(), heap.peakAfterGcMb(),
                peakRssMb(), stages);
    }

    private static double stageMicros(ReplicationStageTimes.Stage stage, double replicated) {
        return ReplicationStageTimes.COUNTERS.nanos(stage) / 1e3 / replicated;
    }

    private Node start(int index, LocalIdentity identity, List<InetSocketAddress> connect) throws IOException {
        NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withConnect(connect).withSeeds(List.of(), false).withMaxOutbound(connect.size())
                .withUserAgent("/Tributary:0.1.0(bench-oplog-" + index + ")/");
        Node node = DbService.node(dir.resolve("node" + index), StoreKind.ROCKSDB, net, identity);
        started.add(node);
        node.start();
        return node;
    }

    private void close(Node node) {
        started.remove(node);
        node.close();
    }

    private void closeAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
    }

    /** Completes when {@code db} holds at least {@code n} entries. */
    private static CompletableFuture<Void> sizeReached(Database db, long n) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        DatabaseListener listener = u -> {
            if (db.size() >= n) {
                f.complete(null);
            }
        };
        db.addListener(listener);
        if (db.size() >= n) {
            f.complete(null);
        }
        return f.whenComplete((v, e) -> db.removeListener(listener));
    }

    private static void waitForSize(Database db, long n) throws Exception {
        await(sizeReached(db, n));
    }

    private static void checkSize(Database db, long n) {
        if (db.size() != n) {
            throw new IllegalStateException("a replica holds " + db.size() + " entries, not " + n);
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("replication did not finish in " + TIMEOUT_SECONDS + " s");
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    /** CPU time of this process (all its threads: every node's, the collector's, the JIT's). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double perSecond(long count, long nanos) {
        return count / (Math.max(1, nanos) / 1e9);
    }

    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // Linux: the peak resident set starts again
        } catch (IOException | RuntimeException e) {
            // not Linux: the peak is the process's
        }
    }

    /** The process's peak resident set ({@code VmHWM} of {@code /proc/self/status}), or 0 where there is none. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
