package dev.tributary.bench.cli;

import dev.tributary.bench.RecordsBench;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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

    @Option(names = "--runs", defaultValue = "1", paramLabel = "R", description = "runs, 1..99 (default: ${DEFAULT-VALUE})")
    int runs;

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
        var out = spec.commandLine().getOut();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (int run = 1; run <= runs; run++) {
            RecordsBench.Result r = RecordsBench.run(store, rows, changed, tmp);
            out.println(String.format(Locale.ROOT, "bench=records store=%s run=%d rows=%d baseline_insert_rows_per_s=%.0f"
                    + " open_s=%.2f initial_s=%.2f initial_rows_per_s=%.0f ratio=%.2f initial_cpu_s=%.2f changed=%d incremental_s=%.3f"
                    + " incremental_sent=%d exactly_changed=%s in_sync_s=%.3f in_sync_round_trips=%d live_p50_ms=%.1f"
                    + " live_p99_ms=%.1f", store, run, r.rows(),
                    r.baselineRowsPerSecond(), r.openSeconds(), r.initialSeconds(), r.initialRowsPerSecond(), r.ratio(),
                    r.initialCpuSeconds(), r.changed(), r.incrementalSeconds(), r.incrementalSent(), r.incrementalSent() == r.changed() ? "yes" : "no",
                    r.inSyncSeconds(), r.inSyncRoundTrips(), r.liveP50Millis(), r.liveP99Millis()));
            out.flush();
        }
        return 0;
    }
}
