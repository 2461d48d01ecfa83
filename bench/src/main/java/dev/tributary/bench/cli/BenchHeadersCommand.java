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
import dev.tributary.engine.StageTimes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench headers}: a serving node holds a generated N-header regtest chain; a syncing
 * node (RocksDB store) syncs it headers-first over loopback. Prints headers/s end to end, the
 * single-core SHA-256d rate over 80-byte headers measured in the same run, and their ratio: the share of
 * one core's hashing speed the whole pipeline (network, parsing, validation, storage) achieves; the heap
 * the synced node holds per header; and per stage of the pipeline ({@link StageTimes}) the rate it
 * sustains while busy and its busy share of the run. With {@code --runs N}, N fresh nodes sync the same
 * chain in turn and a last line gives the medians.
 */
@Command(name = "headers", mixinStandardHelpOptions = true, description = "Headers-first sync throughput over loopback.")
final class BenchHeadersCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "100000", description = "headers in the chain (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--runs", defaultValue = "1",
            description = "syncs of the same chain, each by a fresh node; the last line is their median (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "0",
            description = "syncs run first and left out of the medians, their lines marked warmup=true: the first syncs "
                    + "of a process also pay for the JIT compiler (default: ${DEFAULT-VALUE})")
    int warmup;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--count", count, 1, Integer.MAX_VALUE);
        OptionChecks.range(spec, "--runs", runs, 1, Integer.MAX_VALUE);
        OptionChecks.range(spec, "--warmup", warmup, 0, Integer.MAX_VALUE);
        Logging.quiet();
        NetworkParameters regtest = NetworkParameters.forName("regtest");
        Path dir = Files.createTempDirectory("tributary-bench-headers-");
        var sync = dev.tributary.sync.headers.SyncConfig.defaults().withDownloadBlocks(false);
        try (Node server = LocalNetwork.startServer(regtest, dir.resolve("server"), StoreKind.MEMORY, sync, 0,
                node -> { })) {
            generate(server, count, false);
            List<Double> rates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuPerHeader = new ArrayList<>();
            for (int r = 0; r < warmup + runs; r++) {
                boolean warming = r < warmup;
                double hashRate = sha256dRate();
                long heapBefore = usedHeapAfterGc();
                StageTimes.COUNTERS.reset();
                ProcessTimes before = ProcessTimes.now();
                LocalNetwork.SyncRun run = LocalNetwork.syncFrom(regtest, dir.resolve("client-" + r), StoreKind.ROCKSDB,
                        sync, List.of(server.listeningAddress()), List.of(), 3600);
                ProcessTimes used = ProcessTimes.now().since(before);
                double heapPerHeader;
                try {
                    if (run.tip().height() != count) {
                        throw new IllegalStateException("synced to height " + run.tip().height() + ", expected " + count);
                    }
                    heapPerHeader = Math.max(0, usedHeapAfterGc() - heapBefore) / (double) count;
                } finally {
                    run.node().close();
                }
                double rate = count / run.seconds();
                if (!warming) {
                    rates.add(rate);
                    cpuPerHeader.add(used.cpuSeconds() * 1e9 / count);
                    ratios.add(rate / hashRate);
                }
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "bench=headers " + (warming ? "warmup=true " : "") + "count=%d seconds=%.3f headers_per_s=%.0f sha256d_per_s=%.0f ratio=%.4f"
                                + " cpu_seconds=%.3f cpu_ns_per_header=%.0f gc_seconds=%.3f"
                                + " heap_bytes_per_header=%.0f %s",
                        count, run.seconds(), rate, hashRate, rate / hashRate, used.cpuSeconds(),
                        used.cpuSeconds() * 1e9 / count, used.gcSeconds(), heapPerHeader, stageSplit(run.seconds())));
            }
            if (runs > 1) {
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "bench=headers runs=%d warmup=%d median_headers_per_s=%.0f median_ratio=%.4f"
                                + " median_cpu_ns_per_header=%.0f",
                        runs, warmup, median(rates), median(ratios), median(cpuPerHeader)));
            }
            return 0;
        } finally {
            Directories.delete(dir);
        }
    }

    /**
     * Mines {@code count} headers (or blocks, with bodies) on the server's chain, in slices of 50,000 on its
     * engine: each engine call answers in seconds even on a loaded machine.
     */
    static void generate(Node server, int count, boolean blocks) {
        ChainGenerator generator = server.call(() -> new ChainGenerator(ChainService.of(server).chain(), 7));
        try (Progress.Bar bar = Progress.bar("Generating", count, blocks ? " blocks" : " headers")) {
            for (int done = 0; done < count; ) {
                int slice = Math.min(GENERATE_SLICE, count - done);
                int before = done;
                server.call(() -> {
                    if (blocks) {
                        generator.mineBlocks(slice, 0, n -> bar.stepTo(before + n));
                    } else {
                        generator.mineHeaders(slice, n -> bar.stepTo(before + n));
                    }
                    return null;
                });
                done += slice;
            }
        }
    }

    private static final int GENERATE_SLICE = 50_000;

    /**
     * Per stage, the headers per second of busy time (the rate the stage alone would sustain) and its
     * busy time as a share of the run's wall-clock time. Stages run on different threads and overlap.
     */
    static String stageSplit(double seconds) {
        StringBuilder out = new StringBuilder();
        for (StageTimes.Stage stage : StageTimes.Stage.values()) {
            String name = stage.name().toLowerCase(Locale.ROOT);
            out.append(String.format(Locale.ROOT, "%s%s_per_s=%.0f %s_share=%.2f", out.length() == 0 ? "" : " ", name,
                    StageTimes.COUNTERS.rate(stage), name, StageTimes.COUNTERS.nanos(stage) / 1e9 / seconds));
        }
        return out.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Heap in use after a full collection, in bytes. */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
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
