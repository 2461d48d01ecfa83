package dev.tributary.bench;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.db.Databases;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.EntryVerifier;
import dev.tributary.oplog.identity.IdentityStore;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.identity.Secp256k1;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.JoinResult;
import dev.tributary.oplog.log.LogRange;
import dev.tributary.oplog.store.OplogStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One run of {@code bench oplog-local}: the work of OrbitDB's own {@code interop/orbitdb/bench.mjs}, done by
 * Tributary on RocksDB in a temporary directory, single-threaded:
 * <ul>
 *   <li>appends: N {@code add("entry i")} to an events database (signed, access-checked, stored with heads and
 *       order index in one write each);</li>
 *   <li>verifications: {@link EntryVerifier#verify} of all N entries, decoded beforehand, newest first (a fresh
 *       verifier: the writer's identity is verified once, then cached, as OrbitDB caches it);</li>
 *   <li>join: a second node's empty database (another identity, its own RocksDB) joins the whole log from its head,
 *       every entry fetched from the first store through a {@link BlockSource}, decoded, checked and verified;</li>
 *   <li>open: the first database closed and opened again by address (the time to reach its size; no replay);</li>
 *   <li>heap: used heap after a collection at the end, and the peak of the heap pools during the run;</li>
 *   <li>baseline: libsecp256k1's raw verification rate ({@link Secp256k1#verify}) of N signatures.</li>
 * </ul>
 */
public final class OplogLocalBench {
    /** One run's figures. */
    public record Result(int entries, double appendsPerSecond, double verificationsPerSecond,
            double joinEntriesPerSecond, double openMillis, double heapUsedMb, double heapPeakMb,
            double rawVerifyPerSecond, Rates cpu) {
    }

    /**
     * The same rates per second of the process's CPU time (all its threads: RocksDB's, the JIT's and the
     * collector's too), the basis {@code bench.mjs} measures OrbitDB on, so that a loaded, shared machine still
     * compares one process's work with the other's.
     */
    public record Rates(double appendsPerSecond, double verificationsPerSecond, double joinEntriesPerSecond) {
    }

    /** OrbitDB's figures from {@code bench.mjs}. */
    public record OrbitDbResult(String version, String node, double appendsPerSecond, double verificationsPerSecond,
            double joinEntriesPerSecond, double heapUsedMb, Rates wallClock) {
    }

    private OplogLocalBench() {
    }

    /** Runs once with {@code n} entries in a new directory under {@code tmp}, which it deletes. */
    public static Result run(int n, Path tmp) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "oplog-local-");
        try {
            return run(n, dir, new SecureRandom());
        } finally {
            deleteTree(dir);
        }
    }

    private static Result run(int n, Path dir, SecureRandom random) {
        resetPeaks();
        LocalIdentity a = LocalIdentity.create("benchA", random);
        LocalIdentity b = LocalIdentity.create("benchB", random);
        String address;
        double appends;
        double verifications;
        double joins;
        double appendsCpu;
        double verificationsCpu;
        double joinsCpu;
        List<Cid> heads;
        try (Databases dbsA = Databases.open(dir.resolve("a"), a)) {
            Events events = dbsA.events("bench");
            address = events.address();
            long start = System.nanoTime();
            long cpu = cpuNanos();
            for (int i = 0; i < n; i++) {
                events.add("entry " + i);
            }
            appends = perSecond(n, System.nanoTime() - start);
            appendsCpu = perSecond(n, cpuNanos() - cpu);

            List<Entry> entries = new ArrayList<>(n);
            Iterator<Entry> it = events.log().iterator(LogRange.all());
            while (it.hasNext()) {
                entries.add(Entry.decode(it.next().bytes()));
            }
            IdentityStore identities = new IdentityStore();
            identities.put(a.identity());
            EntryVerifier verifier = new EntryVerifier(identities);
            start = System.nanoTime();
            cpu = cpuNanos();
            for (Entry e : entries) {
                if (!verifier.verify(e).isAccepted()) {
                    throw new IllegalStateException("entry " + e.cid() + " does not verify");
                }
            }
            verifications = perSecond(n, System.nanoTime() - start);
            verificationsCpu = perSecond(n, cpuNanos() - cpu);
            entries = null;
            heads = events.log().headCids();

            try (Databases dbsB = Databases.open(dir.resolve("b"), b)) {
                OplogStore from = dbsA.store();
                // The manifest and the access list, as OrbitDB's open by address fetches them first.
                copyBlocks(from, dbsB.store(), events.accessController(), address);
                Events replica = dbsB.events(address);
                List<Entry> headEntries = events.log().heads();
                BlockSource source = cids -> {
                    Map<Cid, byte[]> out = new HashMap<>();
                    for (Cid c : cids) {
                        from.block(c).ifPresent(block -> out.put(c, block));
                    }
                    return CompletableFuture.completedFuture(out);
                };
                start = System.nanoTime();
                cpu = cpuNanos();
                JoinResult joined = replica.log().joinAll(headEntries, source).join();
                joins = perSecond(n, System.nanoTime() - start);
                joinsCpu = perSecond(n, cpuNanos() - cpu);
                if (joined.addedCount() != n || replica.size() != n) {
                    throw new IllegalStateException("the join gave " + joined + " and " + replica.size()
                            + " entries, not " + n);
                }
            }
        }
        long start = System.nanoTime();
        long size;
        try (Databases again = Databases.open(dir.resolve("a"), a)) {
            Events reopened = again.events(address);
            size = reopened.size();
            if (!reopened.log().headCids().equals(heads)) {
                throw new IllegalStateException("the reopened database has other heads");
            }
            double openMillis = (System.nanoTime() - start) / 1e6;
            if (size != n) {
                throw new IllegalStateException("the reopened database holds " + size + " entries, not " + n);
            }
            double raw = rawVerifications(n, random);
            System.gc();
            double used = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0;
            return new Result(n, appends, verifications, joins, openMillis, used, peakHeapMb(), raw,
                    new Rates(appendsCpu, verificationsCpu, joinsCpu));
        }
    }

    private static void copyBlocks(OplogStore from, OplogStore to, String accessController, String address) {
        Cid ac = dev.tributary.oplog.access.IpfsAccessController.parseAddress(accessController);
        Cid manifest = dev.tributary.oplog.manifest.DatabaseAddress.parse(address).cid();
        for (Cid c : List.of(ac, manifest)) {
            to.putBlock(c, from.block(c).orElseThrow());
        }
    }

    /** libsecp256k1 verifying n signatures of OrbitDB's form (DER, SHA-256 of the message), 64 keys in turn. */
    static double rawVerifications(int n, SecureRandom random) {
        int keys = 64;
        byte[][] pub = new byte[keys][];
        byte[][] sig = new byte[keys][];
        byte[][] msg = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            byte[] priv = Secp256k1.newPrivateKey(random);
            pub[i] = Secp256k1.publicKey(priv);
            msg[i] = ("an entry of about the size OrbitDB signs, number " + i + " ".repeat(200))
                    .getBytes(StandardCharsets.UTF_8);
            sig[i] = Secp256k1.sign(priv, msg[i]);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int k = i % keys;
            if (!Secp256k1.verify(sig[k], pub[k], msg[k])) {
                throw new IllegalStateException("a signature does not verify");
            }
        }
        return perSecond(n, System.nanoTime() - start);
    }

    /**
     * OrbitDB 4 doing the same work under Node ({@code node_modules/.bin/node bench.mjs n} in {@code orbitdb}), or
     * empty with the reason in {@code why} when it is not installed, fails or runs out of time.
     */
    public static Optional<OrbitDbResult> orbitDb(Path orbitdb, int n, long timeoutSeconds, StringBuilder why)
            throws IOException, InterruptedException {
        return NodeScript.run(orbitdb, "bench.mjs", List.of(Integer.toString(n)), timeoutSeconds, why)
                .map(j -> new OrbitDbResult(j.path("orbitdb").asText(), j.path("node").asText(),
                        j.path("appendsPerSecond").asDouble(), j.path("verificationsPerSecond").asDouble(),
                        j.path("joinEntriesPerSecond").asDouble(), j.path("heapUsedMb").asDouble(),
                        new Rates(j.path("wallClock").path("appendsPerSecond").asDouble(),
                                j.path("wallClock").path("verificationsPerSecond").asDouble(),
                                j.path("wallClock").path("joinEntriesPerSecond").asDouble())));
    }

    /** CPU time used so far by all of this process's threads. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double perSecond(long count, long nanos) {
        return count / (Math.max(1, nanos) / 1e9);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
