package dev.tributary.bench.cli;

import dev.tributary.bench.BitcoinjClient;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.cli.Directories;
import dev.tributary.node.cli.Logging;
import dev.tributary.sync.headers.SyncConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench vs-bitcoinj}: one Tributary node serves an N-block regtest chain over loopback;
 * a Tributary node (headers only, RocksDB store) and then bitcoinj 0.17 (headers only, its SPV block store
 * in a file) each sync its headers from it, in this JVM and this run. Prints both rates and Tributary's
 * rate over bitcoinj's; with {@code --runs N}, N rounds and a last line of medians. Tributary goes first, so its run also pays for the serving node's JIT warm-up.
 */
@Command(name = "vs-bitcoinj", mixinStandardHelpOptions = true,
        description = "Headers-only sync from one node: Tributary against bitcoinj 0.17, in the same run.")
final class BenchVsBitcoinjCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "100000", description = "blocks in the served chain (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--runs", defaultValue = "1",
            description = "rounds of both syncs against the same server; the last line is the median (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--timeout", defaultValue = "3600",
            description = "seconds each client may take, 1..86400 (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--count", count, 1, Integer.MAX_VALUE);
        OptionChecks.range(spec, "--runs", runs, 1, Integer.MAX_VALUE);
        OptionChecks.range(spec, "--timeout", timeoutSeconds, 1, 86_400);
        Logging.quiet();
        NetworkParameters regtest = NetworkParameters.forName("regtest");
        Path dir = Files.createTempDirectory("tributary-bench-vs-bitcoinj-");
        // The server is a full node: bitcoinj only syncs from a peer that advertises NODE_NETWORK, and a
        // full node serves headers up to its block tip, so every block has its (coinbase-only) body.
        try (Node server = LocalNetwork.startServer(regtest, dir.resolve("server"), StoreKind.MEMORY,
                SyncConfig.defaults(), 0, node -> { })) {
            BenchHeadersCommand.generate(server, count, true);
            List<Double> ratios = new ArrayList<>();
            List<Double> tributaryRates = new ArrayList<>();
            List<Double> bitcoinjRates = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                LocalNetwork.SyncRun tributary = LocalNetwork.syncFrom(regtest, dir.resolve("tributary-" + r), StoreKind.ROCKSDB,
                        SyncConfig.defaults().withDownloadBlocks(false), List.of(server.listeningAddress()), List.of(),
                        timeoutSeconds);
                tributary.node().close();
                if (tributary.tip().height() != count) {
                    throw new IllegalStateException("Tributary synced to height " + tributary.tip().height() + ", expected " + count);
                }
                BitcoinjClient.Result bitcoinj = BitcoinjClient.sync(server.listeningAddress(),
                        BitcoinjClient.Mode.headersOnly(), dir.resolve("bitcoinj-" + r + ".spvchain").toFile(), count,
                        Duration.ofSeconds(timeoutSeconds));
                if (!bitcoinj.tipHash().equals(tributary.tip().hash().toString())) {
                    throw new IllegalStateException("bitcoinj ended on " + bitcoinj.tipHash() + " at height " + bitcoinj.height()
                            + ", Tributary on " + tributary.tip().hash());
                }
                double tributaryRate = count / tributary.seconds();
                double bitcoinjRate = count / bitcoinj.seconds();
                ratios.add(tributaryRate / bitcoinjRate);
                tributaryRates.add(tributaryRate);
                bitcoinjRates.add(bitcoinjRate);
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "bench=vs-bitcoinj count=%d tributary_seconds=%.3f tributary_headers_per_s=%.0f "
                                + "bitcoinj_seconds=%.3f bitcoinj_headers_per_s=%.0f ratio=%.2f",
                        count, tributary.seconds(), tributaryRate, bitcoinj.seconds(), bitcoinjRate,
                        tributaryRate / bitcoinjRate));
            }
            if (runs > 1) {
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "bench=vs-bitcoinj runs=%d median_tributary_headers_per_s=%.0f median_bitcoinj_headers_per_s=%.0f"
                                + " median_ratio=%.2f",
                        runs, BenchHeadersCommand.median(tributaryRates), BenchHeadersCommand.median(bitcoinjRates),
                        BenchHeadersCommand.median(ratios)));
            }
            return 0;
        } finally {
            Directories.delete(dir);
        }
    }
}
