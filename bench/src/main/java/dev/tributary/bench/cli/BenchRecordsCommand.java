package dev.tributary.bench.cli;

import dev.tributary.bench.RecordsBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.tributary.node.cli.Logging;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench records}: record sync between two tables over loopback HTTP ({@link RecordsBench}); one
 * line per run with the initial load's rate beside the database's own batched insert rate, the incremental pass and
 * the in-sync pass.
 */
@Command(name = "records", mixinStandardHelpOptions = true,
        description = "Record sync between two tables of one database over HTTP: initial load rows/s against the"
                + " database's batched inserts, an incremental pass, an in-sync pass.")
final class BenchRecordsCommand implements Callable<Integer> {
    /** Most rows a run loads. */
    static final int MAX_ROWS = 10_000_000;

    @Option(names = "--rows", defaultValue = "10000", paramLabel = "N", description = "rows, 1..10000000 (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--changed", defaultValue = "100", paramLabel = "M", description = "rows changed before the incremental pass, 0..rows (default: ${DEFAULT-VALUE})")
    int changed;

    @Option(names = "--store", defaultValue = "sqlite", paramLabel = "KIND",
            description = "sqlite, postgresql (127.0.0.1:5432, database test, user postgres) or mariadb (127.0.0.1:3306, root) (default: ${DEFAULT-VALUE})")
    String store;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "R",
            description = "runs, 1..99; with more than one, a last line gives each figure's median (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "W",
            description = "runs made first and left out of the medians, 0..99, their lines marked warmup=true: the"
                    + " first runs of a JVM also pay for its JIT compiler, which a long-running node pays once"
                    + " (default: ${DEFAULT-VALUE})")
    int warmup;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--rows", rows, 1, MAX_ROWS);
        OptionChecks.range(spec, "--changed", changed, 0, rows);
        OptionChecks.range(spec, "--runs", runs, 1, 99);
        if (!store.equals("sqlite") && !store.equals("postgresql") && !store.equals("mariadb")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store is sqlite, postgresql or mariadb, not " + store);
        }
        OptionChecks.range(spec, "--warmup", warmup, 0, 99);
        Logging.quiet(); // the endpoints' nodes would log their start in between the bench's lines
        var out = spec.commandLine().getOut();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (int w = 1; w <= warmup; w++) {
            out.println(line("run=" + w + " warmup=true", RecordsBench.run(store, rows, changed, tmp)));
            out.flush();
        }
        List<RecordsBench.Result> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            RecordsBench.Result r = RecordsBench.run(store, rows, changed, tmp);
            results.add(r);
            out.println(line("run=" + run, r));
            out.flush();
        }
        if (runs > 1) {
            out.println(medians(results));
            out.flush();
        }
        return 0;
    }

    private String line(String run, RecordsBench.Result r) {
        return String.format(Locale.ROOT, "bench=records store=%s %s rows=%d baseline_insert_rows_per_s=%.0f"
                + " open_s=%.2f initial_s=%.2f initial_rows_per_s=%.0f ratio=%.2f initial_cpu_s=%.2f changed=%d"
                + " incremental_s=%.3f incremental_sent=%d exactly_changed=%s in_sync_s=%.3f in_sync_round_trips=%d"
                + " live_p50_ms=%.1f live_p99_ms=%.1f", store, run, r.rows(), r.baselineRowsPerSecond(),
                r.openSeconds(), r.initialSeconds(), r.initialRowsPerSecond(), r.ratio(), r.initialCpuSeconds(),
                r.changed(), r.incrementalSeconds(), r.incrementalSent(), exactly(r) ? "yes" : "no", r.inSyncSeconds(),
                r.inSyncRoundTrips(), r.liveP50Millis(), r.liveP99Millis());
    }

    /** Each figure's median over the measured runs; exactly_changed is yes only when every run sent exactly M. */
    private String medians(List<RecordsBench.Result> results) {
        return String.format(Locale.ROOT, "bench=records store=%s rows=%d runs=%d warmup=%d"
                + " median_baseline_insert_rows_per_s=%.0f median_initial_s=%.2f median_initial_rows_per_s=%.0f"
                + " median_ratio=%.2f median_initial_cpu_s=%.2f changed=%d median_incremental_s=%.3f"
                + " exactly_changed=%s median_in_sync_s=%.3f median_in_sync_round_trips=%.0f median_live_p50_ms=%.1f"
                + " median_live_p99_ms=%.1f", store, rows, runs, warmup,
                Median.of(results, RecordsBench.Result::baselineRowsPerSecond),
                Median.of(results, RecordsBench.Result::initialSeconds),
                Median.of(results, RecordsBench.Result::initialRowsPerSecond),
                Median.of(results, RecordsBench.Result::ratio),
                Median.of(results, RecordsBench.Result::initialCpuSeconds), changed,
                Median.of(results, RecordsBench.Result::incrementalSeconds),
                results.stream().allMatch(BenchRecordsCommand::exactly) ? "yes" : "no",
                Median.of(results, RecordsBench.Result::inSyncSeconds),
                Median.of(results, RecordsBench.Result::inSyncRoundTrips),
                Median.of(results, RecordsBench.Result::liveP50Millis),
                Median.of(results, RecordsBench.Result::liveP99Millis));
    }

    private static boolean exactly(RecordsBench.Result r) {
        return r.incrementalSent() == r.changed();
    }
}
