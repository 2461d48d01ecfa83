package dev.tributary.bench.cli;

import dev.tributary.node.chain.ChainService;
import dev.tributary.bytes.Sha256;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.cli.Directories;
import dev.tributary.node.cli.Logging;
import dev.tributary.node.cli.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench headers}: a serving node holds a generated N-header regtest chain; a syncing
 * node (RocksDB store) syncs it headers-first over loopback. Prints headers/s end to end, the
 * single-core SHA-256d rate over 80-byte headers measured in the same run, and their ratio: the share of
 * one core's hashing speed the whole pipeline (network, parsing, validation, storage) achieves.
 */
@Command(name = "headers", mixinStandardHelpOptions = true, description = "Headers-first sync throughput over loopback.")
final class BenchHeadersCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "100000", description = "headers in the chain (default: ${DEFAULT-VALUE})")
    int count;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        NetworkParameters regtest = NetworkParameters.forName("regtest");
        Path dir = Files.createTempDirectory("tributary-bench-headers-");
        var sync = dev.tributary.sync.headers.SyncConfig.defaults().withDownloadBlocks(false);
        try (Node server = LocalNetwork.startServer(regtest, dir.resolve("server"), StoreKind.MEMORY, sync, 0,
                node -> {
                    try (Progress.Bar bar = Progress.bar("Generating", count, " headers")) {
                        new ChainGenerator(ChainService.of(node).chain(), 7).mineHeaders(count, bar::stepTo);
                    }
                })) {
            double hashRate = sha256dRate();
            LocalNetwork.SyncRun run = LocalNetwork.syncFrom(regtest, dir.resolve("client"), StoreKind.ROCKSDB, sync,
                    List.of(server.listeningAddress()), List.of(), 3600);
            run.node().close();
            if (run.tip().height() != count) {
                throw new IllegalStateException("synced to height " + run.tip().height() + ", expected " + count);
            }
            double rate = count / run.seconds();
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "bench=headers count=%d seconds=%.3f headers_per_s=%.0f sha256d_per_s=%.0f ratio=%.4f", count,
                    run.seconds(), rate, hashRate, rate / hashRate));
            return 0;
        } finally {
            Directories.delete(dir);
        }
    }

    /** SHA-256d of 80-byte headers per second on one core, after a warm-up. */
    static double sha256dRate() {
        byte[] header = new byte[80];
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            header[76] = (byte) i;
            sink += Sha256.sha256dBytes(header, 0, 80)[0];
        }
        long n = 0;
        long start = System.nanoTime();
        long end = start + 1_000_000_000L;
        long now;
        do {
            for (int i = 0; i < 10_000; i++) {
                header[76] = (byte) i;
                header[77] = (byte) (n >>> 8);
                sink += Sha256.sha256dBytes(header, 0, 80)[0];
            }
            n += 10_000;
            now = System.nanoTime();
        } while (now < end);
        if (sink == 42) {
            System.err.print("");
        }
        return n / ((now - start) / 1e9);
    }
}
