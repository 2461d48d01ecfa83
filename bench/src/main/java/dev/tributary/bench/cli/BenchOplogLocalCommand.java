package dev.tributary.bench.cli;

import dev.tributary.bench.OplogLocalBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench oplog-local}: an events database of N entries appended, verified, joined whole into an
 * empty database and reopened ({@link OplogLocalBench}), beside the raw libsecp256k1 verification rate and OrbitDB 4
 * doing the same work under Node (skipped, with the reason, when it is not installed). One line per run, and a
 * last line with the medians and the ratios to OrbitDB.
 */
@Command(name = "oplog-local", mixinStandardHelpOptions = true,
        description = "Operation logs on one machine: appends/s, verifications/s, join entries/s, open time, heap;"
                + " against libsecp256k1's raw rate and OrbitDB 4 under Node.")
final class BenchOplogLocalCommand implements Callable<Integer> {
    @Option(names = "--entries", defaultValue = "10000", paramLabel = "N",
            description = "entries in the log, 1..10000000 (default: ${DEFAULT-VALUE})")
    int entries;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "R",
            description = "runs, 1..99; each figure is their median (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--orbitdb", defaultValue = "interop/orbitdb", paramLabel = "DIR",
            description = "where OrbitDB is installed (interop/orbitdb/install.sh; default: ${DEFAULT-VALUE})")
    Path orbitdb;

    @Option(names = "--no-orbitdb", description = "skip OrbitDB's runs")
    boolean noOrbitDb;

    @Option(names = "--orbitdb-timeout", defaultValue = "3600", paramLabel = "S",
            description = "seconds one OrbitDB run may take, 1..86400 (default: ${DEFAULT-VALUE})")
    long orbitDbTimeout;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--entries", entries, 1, 10_000_000);
        OptionChecks.range(spec, "--runs", runs, 1, 99);
        OptionChecks.range(spec, "--orbitdb-timeout", orbitDbTimeout, 1, 86_400);
        var out = spec.commandLine().getOut();
        List<OplogLocalBench.Result> ours = new ArrayList<>();
        List<OplogLocalBench.OrbitDbResult> theirs = new ArrayList<>();
        String skipped = noOrbitDb ? "skipped (--no-orbitdb)" : null;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (int run = 1; run <= runs; run++) {
            OplogLocalBench.Result r = OplogLocalBench.run(entries, tmp);
            ours.add(r);
            out.println(String.format(Locale.ROOT, "bench=oplog-local run=%d library=tributary entries=%d"
                    + " appends_per_s=%.0f verifications_per_s=%.0f join_entries_per_s=%.0f open_ms=%.1f"
                    + " heap_used_mb=%.0f heap_peak_mb=%.0f secp256k1_verify_per_s=%.0f cpu_appends_per_s=%.0f"
                    + " cpu_verifications_per_s=%.0f cpu_join_entries_per_s=%.0f", run, entries,
                    r.appendsPerSecond(), r.verificationsPerSecond(), r.joinEntriesPerSecond(), r.openMillis(),
                    r.heapUsedMb(), r.heapPeakMb(), r.rawVerifyPerSecond(), r.cpu().appendsPerSecond(),
                    r.cpu().verificationsPerSecond(), r.cpu().joinEntriesPerSecond()));
            out.flush();
            if (skipped == null) {
                StringBuilder why = new StringBuilder();
                Optional<OplogLocalBench.OrbitDbResult> o = OplogLocalBench.orbitDb(orbitdb, entries, orbitDbTimeout, why);
                if (o.isEmpty()) {
                    skipped = why.toString();
                    spec.commandLine().getErr().println("OrbitDB skipped: " + skipped);
                } else {
                    OplogLocalBench.OrbitDbResult t = o.get();
                    theirs.add(t);
                    out.println(String.format(Locale.ROOT, "bench=oplog-local run=%d library=orbitdb-%s node=%s"
                            + " entries=%d appends_per_s=%.0f verifications_per_s=%.0f join_entries_per_s=%.0f"
                            + " heap_used_mb=%.0f cpu_appends_per_s=%.0f cpu_verifications_per_s=%.0f"
                            + " cpu_join_entries_per_s=%.0f", run, t.version(), t.node(), entries,
                            t.wallClock().appendsPerSecond(), t.wallClock().verificationsPerSecond(),
                            t.wallClock().joinEntriesPerSecond(), t.heapUsedMb(), t.appendsPerSecond(),
                            t.verificationsPerSecond(), t.joinEntriesPerSecond()));
                    out.flush();
                }
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "bench=oplog-local entries=%d runs=%d appends_per_s=%.0f verifications_per_s=%.0f"
                        + " join_entries_per_s=%.0f open_ms=%.1f heap_used_mb=%.0f heap_peak_mb=%.0f"
                        + " secp256k1_verify_per_s=%.0f verify_share_of_raw=%.2f cpu_appends_per_s=%.0f"
                        + " cpu_verifications_per_s=%.0f cpu_join_entries_per_s=%.0f", entries, runs,
                median(ours, OplogLocalBench.Result::appendsPerSecond),
                median(ours, OplogLocalBench.Result::verificationsPerSecond),
                median(ours, OplogLocalBench.Result::joinEntriesPerSecond),
                median(ours, OplogLocalBench.Result::openMillis), median(ours, OplogLocalBench.Result::heapUsedMb),
                median(ours, OplogLocalBench.Result::heapPeakMb),
                median(ours, OplogLocalBench.Result::rawVerifyPerSecond),
                median(ours, OplogLocalBench.Result::verificationsPerSecond)
                        / median(ours, OplogLocalBench.Result::rawVerifyPerSecond),
                median(ours, r -> r.cpu().appendsPerSecond()), median(ours, r -> r.cpu().verificationsPerSecond()),
                median(ours, r -> r.cpu().joinEntriesPerSecond())));
        if (!theirs.isEmpty()) {
            // Ratios on both bases: per second of process CPU time (the fair one on a shared, loaded machine)
            // and per second elapsed.
            double oa = median(theirs, OplogLocalBench.OrbitDbResult::appendsPerSecond);
            double ov = median(theirs, OplogLocalBench.OrbitDbResult::verificationsPerSecond);
            double oj = median(theirs, OplogLocalBench.OrbitDbResult::joinEntriesPerSecond);
            double wa = median(theirs, t -> t.wallClock().appendsPerSecond());
            double wv = median(theirs, t -> t.wallClock().verificationsPerSecond());
            double wj = median(theirs, t -> t.wallClock().joinEntriesPerSecond());
            line.append(String.format(Locale.ROOT, " orbitdb_appends_per_s=%.0f orbitdb_verifications_per_s=%.0f"
                    + " orbitdb_join_entries_per_s=%.0f orbitdb_heap_used_mb=%.0f orbitdb_cpu_appends_per_s=%.0f"
                    + " orbitdb_cpu_verifications_per_s=%.0f orbitdb_cpu_join_entries_per_s=%.0f"
                    + " append_ratio=%.2f verify_ratio=%.2f join_ratio=%.2f"
                    + " cpu_append_ratio=%.2f cpu_verify_ratio=%.2f cpu_join_ratio=%.2f",
                    wa, wv, wj, median(theirs, OplogLocalBench.OrbitDbResult::heapUsedMb), oa, ov, oj,
                    median(ours, OplogLocalBench.Result::appendsPerSecond) / wa,
                    median(ours, OplogLocalBench.Result::verificationsPerSecond) / wv,
                    median(ours, OplogLocalBench.Result::joinEntriesPerSecond) / wj,
                    median(ours, r -> r.cpu().appendsPerSecond()) / oa,
                    median(ours, r -> r.cpu().verificationsPerSecond()) / ov,
                    median(ours, r -> r.cpu().joinEntriesPerSecond()) / oj));
        } else {
            line.append(" orbitdb=skipped");
        }
        out.println(line);
        return 0;
    }

    private static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
        return Median.of(xs, f);
    }
}
