package dev.tributary.bench.cli;

import dev.tributary.node.chain.ChainService;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.chain.Block;
import dev.tributary.node.cli.Directories;
import dev.tributary.node.cli.Logging;
import dev.tributary.node.cli.Progress;
import dev.tributary.sync.headers.SyncConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code tributary bench blocks}: K serving nodes hold the same generated chain of N blocks of about B
 * bytes, each limited to R bytes/s of upload. A syncing node downloads the blocks from one of them, then
 * a fresh one from all K; prints both rates in MB/s and the speedup of K peers over 1.
 */
@Command(name = "blocks", mixinStandardHelpOptions = true, description = "Parallel block download from K rate-limited peers.")
final class BenchBlocksCommand implements Callable<Integer> {
    @Option(names = "--peers", defaultValue = "4", description = "serving peers K (default: ${DEFAULT-VALUE})")
    int peers;

    @Option(names = "--blocks", defaultValue = "200", description = "blocks N (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(names = "--block-size", defaultValue = "100000", paramLabel = "B",
            description = "bytes per block (default: ${DEFAULT-VALUE})")
    int blockSize;

    @Option(names = "--peer-rate", defaultValue = "2000000", paramLabel = "R",
            description = "upload limit of each serving peer, bytes/s (default: ${DEFAULT-VALUE})")
    long peerRate;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--peers", peers, 1, Integer.MAX_VALUE);
        OptionChecks.range(spec, "--blocks", blocks, 1, Integer.MAX_VALUE);
        OptionChecks.range(spec, "--block-size", blockSize, 400, Integer.MAX_VALUE);
        OptionChecks.range(spec, "--peer-rate", peerRate, 1, Long.MAX_VALUE);
        Logging.quiet();
        NetworkParameters regtest = NetworkParameters.forName("regtest");
        Path dir = Files.createTempDirectory("tributary-bench-blocks-");
        List<Node> servers = new ArrayList<>();
        try {
            List<Block> chain = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                servers.add(LocalNetwork.startServer(regtest, dir.resolve("server" + i), StoreKind.MEMORY,
                        SyncConfig.defaults(), peerRate, node -> populate(node, chain)));
            }
            long bytes = chain.stream().mapToLong(Block::size).sum();
            List<InetSocketAddress> all = servers.stream().map(Node::listeningAddress).toList();
            double one = run(regtest, dir.resolve("client1"), all.subList(0, 1));
            double many = run(regtest, dir.resolve("clientK"), all);
            double mbOne = bytes / 1e6 / one;
            double mbMany = bytes / 1e6 / many;
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "bench=blocks peers=%d blocks=%d block_size=%d peer_rate=%d mb=%.1f seconds_1=%.2f seconds_k=%.2f"
                            + " mb_per_s_1=%.2f mb_per_s_k=%.2f speedup=%.2f",
                    peers, blocks, blockSize, peerRate, bytes / 1e6, one, many, mbOne, mbMany, mbMany / mbOne));
            return 0;
        } finally {
            servers.forEach(Node::close);
            Directories.delete(dir);
        }
    }

    /** The first server mines the chain; the others store the same blocks. */
    private void populate(Node node, List<Block> chain) {
        if (chain.isEmpty()) {
            try (Progress.Bar bar = Progress.bar("Generating", blocks, " blocks")) {
                chain.addAll(new ChainGenerator(ChainService.of(node).chain(), 11).mineBlocks(blocks, blockSize, bar::stepTo));
            }
            return;
        }
        var importer = new dev.tributary.node.chain.ChainImport(ChainService.of(node).chain(), System.currentTimeMillis() / 1000);
        for (Block b : chain) {
            importer.importBlock(b);
        }
    }

    private double run(NetworkParameters net, Path dir, List<InetSocketAddress> from) throws Exception {
        LocalNetwork.SyncRun r = LocalNetwork.syncFrom(net, dir, StoreKind.MEMORY, SyncConfig.defaults(), from, List.of(),
                3600);
        r.node().close();
        if (r.tip().height() != blocks) {
            throw new IllegalStateException("synced to height " + r.tip().height() + ", expected " + blocks);
        }
        return r.seconds();
    }
}
