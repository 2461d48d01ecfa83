package dev.tributary.bench.cli;

import dev.tributary.bench.RelayBench;
import dev.tributary.node.cli.Directories;
import dev.tributary.node.cli.Logging;
import dev.tributary.node.cli.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench relay}: a line of N blocks-first nodes over loopback; B blocks mined on the first reach
 * the last by relay. Prints blocks/s reaching the last node and the p50 and p99 delay of one hop.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, description = "Block relay along a line of N blocks-first nodes.")
final class BenchRelayCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "5", description = "nodes in the line, 2..50 (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--blocks", defaultValue = "300", description = "blocks mined on the first, 1..100000 (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(names = "--txs-per-block", defaultValue = "0", paramLabel = "K",
            description = "synthetic transactions submitted to the first node before each block, relayed and then"
                    + " confirmed, 0..1000 (default: ${DEFAULT-VALUE})")
    int txsPerBlock;

    @Option(names = "--interval-ms", defaultValue = "0", paramLabel = "MS",
            description = "pause between blocks mined: 0 for as fast as possible (throughput, hops include queueing),"
                    + " more than a hop's delay to measure hops on an idle line; 0..60000 (default: ${DEFAULT-VALUE})")
    long intervalMillis;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--nodes", nodes, 2, 50);
        OptionChecks.range(spec, "--blocks", blocks, 1, 100_000);
        OptionChecks.range(spec, "--txs-per-block", txsPerBlock, 0, 1000);
        OptionChecks.range(spec, "--interval-ms", intervalMillis, 0, 60_000);
        Logging.quiet();
        Path dir = Files.createTempDirectory("tributary-bench-relay-");
        try {
            RelayBench.Result r;
            try (Progress.Bar bar = Progress.bar("Mining", blocks, " blocks")) {
                r = RelayBench.run(dir, nodes, blocks, txsPerBlock, intervalMillis, bar::stepTo);
            }
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "bench=relay nodes=%d blocks=%d interval_ms=%d seconds=%.3f blocks_per_s=%.1f mined_per_s=%.1f"
                            + " ratio=%.3f hop_p50_ms=%.3f hop_p99_ms=%.3f",
                    r.nodes(), r.blocks(), intervalMillis, r.seconds(), r.blocksPerSecond(), r.minedPerSecond(),
                    r.blocksPerSecond() / r.minedPerSecond(), r.hopP50Ms(), r.hopP99Ms()));
            return 0;
        } finally {
            Directories.delete(dir);
        }
    }
}
