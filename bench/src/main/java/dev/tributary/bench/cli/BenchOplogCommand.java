package dev.tributary.bench.cli;

import dev.tributary.bench.OplogReplicationBench;
import dev.tributary.bench.OrbitDbReplicationBench;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import dev.tributary.node.cli.Logging;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench oplog}: database replication over loopback, Tributary's ({@link OplogReplicationBench}: K
 * nodes, W of them writers, in this JVM) beside OrbitDB 4's (two Node processes, {@code interop/orbitdb/replicate.mjs})
 * in the same run: one line per run and side, then a last {@code key=value} line with the medians and the ratios.
 * It prints only what it measured: when OrbitDB could not run, the last line says {@code orbitdb=skipped} and
 * standard error says why.
 */
@Command(name = "oplog", mixinStandardHelpOptions = true,
        description = "Database replication over loopback: entries/s for a fresh peer, already-in-sync and one-entry"
                + " catch-up time and round trips, write-to-arrival p50/p99, peak memory; Tributary beside OrbitDB 4"
                + " under Node.")
final class BenchOplogCommand implements Callable<Integer> {
    @Option(names = "--entries", defaultValue = "10000", paramLabel = "N",
            description = "entries A writes before the fresh peer replicates them, 1..10000000 (default: ${DEFAULT-VALUE})")
    int entries;

    @Option(names = "--writers", defaultValue = "1", paramLabel = "W",
            description = "nodes that write, 1..nodes - 1 (default: ${DEFAULT-VALUE}; OrbitDB's run has one writer)")
    int writers;

    @Option(names = "--nodes", defaultValue = "2", paramLabel = "K",
            description = "nodes on loopback, 2..50 (default: ${DEFAULT-VALUE}; OrbitDB's run has two processes)")
    int nodes;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "R",
            description = "runs, 1..99; each figure is their median (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "W",
            description = "Tributary runs made first and left out of the medians, 0..99, their lines marked"
                    + " warmup=true: the first runs of a JVM also pay for its JIT compiler (default: ${DEFAULT-VALUE};"
                    + " OrbitDB gets none, each of its runs is minutes long)")
    int warmup;

    @Option(names = "--live", defaultValue = "200", paramLabel = "M",
            description = "live writes, one each 25 ms, timed from write to arrival, 1..100000 (default: ${DEFAULT-VALUE})")
    int live;

    @Option(names = "--orbitdb", defaultValue = "interop/orbitdb", paramLabel = "DIR",
            description = "where OrbitDB is installed (interop/orbitdb/install.sh; default: ${DEFAULT-VALUE})")
    Path orbitdb;

    @Option(names = "--no-orbitdb", description = "skip OrbitDB's runs")
    boolean noOrbitDb;

    @Option(names = "--orbitdb-timeout", defaultValue = "7200", paramLabel = "S",
            description = "seconds one OrbitDB run may take, 1..86400 (default: ${DEFAULT-VALUE})")
    long orbitDbTimeout;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--entries", entries, 1, 10_000_000);
        OptionChecks.range(spec, "--nodes", nodes, 2, 50);
        OptionChecks.range(spec, "--writers", writers, 1, nodes - 1);
        OptionChecks.range(spec, "--runs", runs, 1, 99);
        OptionChecks.range(spec, "--warmup", warmup, 0, 99);
        OptionChecks.range(spec, "--live", live, 1, 100_000);
        OptionChecks.range(spec, "--orbitdb-timeout", orbitDbTimeout, 1, 86_400);
        Logging.quiet();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!noOrbitDb && (writers != 1 || nodes != 2)) {
            err.println("OrbitDB's run has one writer and two processes whatever --writers and --nodes say.");
        }
        List<OplogReplicationBench.Result> ours = new ArrayList<>();
        List<OrbitDbReplicationBench.Result> theirs = new ArrayList<>();
        String skipped = noOrbitDb ? "skipped (--no-orbitdb)" : null;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (int w = 1; w <= warmup; w++) {
            out.println(tributaryLine("run=" + w + " warmup=true", OplogReplicationBench.run(entries, writers, nodes,
                    live, tmp, progress(err, "warm-up " + w))));
            out.flush();
        }
        for (int run = 1; run <= runs; run++) {
            OplogReplicationBench.Result r = OplogReplicationBench.run(entries, writers, nodes, live, tmp,
                    progress(err, "run " + run));
            ours.add(r);
            out.println(tributaryLine("run=" + run, r));
            out.flush();
            if (skipped != null) {
                continue;
            }
            StringBuilder why = new StringBuilder();
            Optional<OrbitDbReplicationBench.Result> o = OrbitDbReplicationBench.run(orbitdb, entries, live,
                    orbitDbTimeout, why);
            if (o.isEmpty()) {
                skipped = why.toString();
                err.println("OrbitDB skipped: " + skipped + "; Tributary's figures alone follow");
                err.flush();
                continue;
            }
            OrbitDbReplicationBench.Result t = o.get();
            theirs.add(t);
            out.println(orbitDbLine(run, t));
            out.flush();
        }
        out.println(summary(ours, theirs));
        return 0;
    }

    /**
     * Tributary's steps told on standard error as OrbitDB's are ({@code [tributary run 2 12.3 s] ...}), so that a
     * run minutes long is not silent; standard output keeps the result lines alone.
     */
    private static Consumer<String> progress(PrintWriter err, String run) {
        long start = System.nanoTime();
        return step -> {
            err.printf(Locale.ROOT, "[tributary %s %.1f s] %s%n", run, (System.nanoTime() - start) / 1e9, step);
            err.flush();
        };
    }

    /** One run's line of Tributary's figures, {@code label} naming the run. */
    private String tributaryLine(String label, OplogReplicationBench.Result r) {
        return String.format(Locale.ROOT, "bench=oplog %s library=tributary entries=%d nodes=%d writers=%d"
                + " write_entries_per_s=%.0f replicate_s=%.2f replicate_entries_per_s=%.0f replicate_cpu_s=%.2f"
                + " in_sync_ms=%.1f in_sync_round_trips=%d reopen_in_sync_ms=%.1f reopen_round_trips=%d"
                + " one_missing_ms=%.1f one_missing_round_trips=%d live_writes=%d"
                + " p50_ms=%.2f p99_ms=%.2f heap_peak_mb=%.0f heap_after_gc_peak_mb=%.0f rss_peak_mb=%.0f"
                + " heap_max_mb=%.0f cpu_us_per_entry=%.1f serve_us=%.1f decode_us=%.1f verify_us=%.1f join_us=%.1f other_us=%.1f", label,
                entries, nodes, writers,
                r.writeEntriesPerSecond(), r.replicateMillis() / 1000, r.replicateEntriesPerSecond(),
                r.replicateCpuSeconds(), r.inSyncMillis(), r.inSyncRoundTrips(), r.reopenInSyncMillis(),
                r.reopenRoundTrips(), r.oneMissingMillis(), r.oneMissingRoundTrips(),
                r.liveWrites(), r.p50Millis(), r.p99Millis(), r.heapPeakMb(), r.heapAfterGcPeakMb(), r.rssPeakMb(),
                heapMaxMb(), r.stages().total(), r.stages().serve(), r.stages().decode(), r.stages().verify(), r.stages().join(),
                r.stages().other());
    }

    /** The most heap this JVM may use, in MiB: the bound every node of the run shares ({@code -Xmx}). */
    private static double heapMaxMb() {
        return Runtime.getRuntime().maxMemory() / (double) (1 << 20);
    }

    /** One run's line of OrbitDB's figures. */
    private String orbitDbLine(int run, OrbitDbReplicationBench.Result t) {
        return String.format(Locale.ROOT, "bench=oplog run=%d library=orbitdb-%s node=%s entries=%d"
                + " nodes=2 writers=1 write_entries_per_s=%.0f replicate_s=%.2f replicate_entries_per_s=%.0f"
                + " in_sync_ms=%.1f in_sync_missed=%d live_writes=%d live_lost=%d p50_ms=%.2f p99_ms=%.2f"
                + " writer_rss_mb=%.0f reader_rss_mb=%.0f",
                run, t.version(), t.node(), entries, t.writeEntriesPerSecond(), t.replicateMillis() / 1000,
                t.replicateEntriesPerSecond(), t.inSyncMillis(), t.inSyncMissed(), t.liveWrites(), t.liveLost(),
                t.p50Millis(), t.p99Millis(), t.writerRssMb(), t.readerRssMb());
    }

    /** The last line: medians of the measured runs (warm-up runs left out) and, with OrbitDB's runs, the ratios. */
    private String summary(List<OplogReplicationBench.Result> ours, List<OrbitDbReplicationBench.Result> theirs) {
        double rate = Median.of(ours, OplogReplicationBench.Result::replicateEntriesPerSecond);
        double inSync = Median.of(ours, OplogReplicationBench.Result::inSyncMillis);
        double p50 = Median.of(ours, OplogReplicationBench.Result::p50Millis);
        double p99 = Median.of(ours, OplogReplicationBench.Result::p99Millis);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "bench=oplog entries=%d writers=%d nodes=%d runs=%d warmup=%d write_entries_per_s=%.0f replicate_s=%.2f"
                        + " replicate_entries_per_s=%.0f replicate_cpu_s=%.2f in_sync_ms=%.1f in_sync_round_trips=%.0f"
                        + " reopen_in_sync_ms=%.1f reopen_round_trips=%.0f one_missing_ms=%.1f"
                        + " one_missing_round_trips=%.0f p50_ms=%.2f p99_ms=%.2f heap_peak_mb=%.0f heap_after_gc_peak_mb=%.0f"
                        + " rss_peak_mb=%.0f heap_max_mb=%.0f cpu_us_per_entry=%.1f serve_us=%.1f decode_us=%.1f verify_us=%.1f"
                        + " join_us=%.1f other_us=%.1f",
                entries, writers, nodes, runs, warmup, Median.of(ours, OplogReplicationBench.Result::writeEntriesPerSecond),
                Median.of(ours, OplogReplicationBench.Result::replicateMillis) / 1000, rate,
                Median.of(ours, OplogReplicationBench.Result::replicateCpuSeconds), inSync,
                Median.of(ours, OplogReplicationBench.Result::inSyncRoundTrips),
                Median.of(ours, OplogReplicationBench.Result::reopenInSyncMillis),
                Median.of(ours, OplogReplicationBench.Result::reopenRoundTrips),
                Median.of(ours, OplogReplicationBench.Result::oneMissingMillis),
                Median.of(ours, OplogReplicationBench.Result::oneMissingRoundTrips), p50, p99,
                Median.of(ours, OplogReplicationBench.Result::heapPeakMb),
                Median.of(ours, OplogReplicationBench.Result::heapAfterGcPeakMb),
                Median.of(ours, OplogReplicationBench.Result::rssPeakMb), heapMaxMb(),
                Median.of(ours, r -> r.stages().total()), Median.of(ours, r -> r.stages().serve()),
                Median.of(ours, r -> r.stages().decode()), Median.of(ours, r -> r.stages().verify()),
                Median.of(ours, r -> r.stages().join()), Median.of(ours, r -> r.stages().other())));
        if (theirs.isEmpty()) {
            return line.append(" orbitdb=skipped").toString();
        }
        double oRate = Median.of(theirs, OrbitDbReplicationBench.Result::replicateEntriesPerSecond);
        List<OrbitDbReplicationBench.Result> heard = theirs.stream().filter(t -> !Double.isNaN(t.inSyncMillis())).toList();
        double oInSync = heard.isEmpty() ? Double.NaN : Median.of(heard, OrbitDbReplicationBench.Result::inSyncMillis);
        double oP50 = Median.of(theirs, OrbitDbReplicationBench.Result::p50Millis);
        double oP99 = Median.of(theirs, OrbitDbReplicationBench.Result::p99Millis);
        line.append(String.format(Locale.ROOT, " orbitdb_version=%s orbitdb_nodes=2 orbitdb_writers=1 orbitdb_runs=%d"
                        + " orbitdb_write_entries_per_s=%.0f orbitdb_replicate_s=%.2f"
                        + " orbitdb_replicate_entries_per_s=%.0f orbitdb_in_sync_ms=%.1f orbitdb_in_sync_missed=%d"
                        + " orbitdb_live_lost=%d orbitdb_p50_ms=%.2f"
                        + " orbitdb_p99_ms=%.2f orbitdb_writer_rss_mb=%.0f orbitdb_reader_rss_mb=%.0f"
                        + " replicate_ratio=%.1f in_sync_ratio=%.1f p50_ratio=%.1f p99_ratio=%.1f",
                theirs.get(0).version(), theirs.size(),
                Median.of(theirs, OrbitDbReplicationBench.Result::writeEntriesPerSecond),
                Median.of(theirs, OrbitDbReplicationBench.Result::replicateMillis) / 1000, oRate, oInSync,
                theirs.stream().mapToInt(OrbitDbReplicationBench.Result::inSyncMissed).sum(),
                theirs.stream().mapToInt(OrbitDbReplicationBench.Result::liveLost).sum(), oP50, oP99,
                Median.of(theirs, OrbitDbReplicationBench.Result::writerRssMb),
                Median.of(theirs, OrbitDbReplicationBench.Result::readerRssMb),
                rate / oRate, oInSync / Median.of(ours, OplogReplicationBench.Result::reopenInSyncMillis),
                oP50 / p50, oP99 / p99));
        return line.toString();
    }
}
