package dev.tributary.node.cli;

import dev.tributary.node.chain.ChainService;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagState;
import dev.tributary.net.NetConfig;
import dev.tributary.node.chain.BlockSources;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.dag.DagLine;
import dev.tributary.node.demo.DagMiningRace;
import dev.tributary.node.Node;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.TipLine;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.sync.SyncListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary demo}: the main job on embedded defaults. In a temporary directory node A mines a
 * regtest chain with transactions; nodes B, C and D sync it over loopback from A and from each other
 * (B from A; C from A and B; D from B and C), headers first with blocks in parallel; then it prints
 * what happened. In act two ({@link DagMiningRace}), three dagtest nodes mine a BlockDAG at the same time,
 * blocks-first with relay, and converge on one DAG, whose line each prints.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Mines a regtest chain on one node and syncs it to three more over loopback; then three"
                + " dagtest nodes mine at the same time and converge on one DAG.")
final class DemoCommand implements Callable<Integer> {
    /** Most blocks the demo mines. */
    static final int MAX_BLOCKS = 100_000;
    /** Largest block the demo mines (Bitcoin's block size before segwit). */
    static final int MAX_BLOCK_SIZE = 1_000_000;
    /** Most blocks each dagtest node mines. */
    static final int MAX_DAG_BLOCKS = 10_000;

    @Option(names = "--blocks", defaultValue = "3000", paramLabel = "N",
            description = "blocks to mine, 1.." + MAX_BLOCKS + " (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(names = "--block-size", defaultValue = "8000", paramLabel = "BYTES",
            description = "approximate size of each block, 1.." + MAX_BLOCK_SIZE + " (default: ${DEFAULT-VALUE})")
    int blockSize;

    @Option(names = "--dag-blocks", defaultValue = "100", paramLabel = "N",
            description = "then, blocks each of three dagtest nodes mines at the same time, 0.." + MAX_DAG_BLOCKS
                    + ", 0 to skip (default: ${DEFAULT-VALUE})")
    int dagBlocks;

    @Option(names = "--keep", description = "keep the temporary data directories")
    boolean keep;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Set by the shutdown hook before it closes the nodes: the work they were doing then fails (a store write
     * refused, a node closed), which is the interruption the hook reports, not an error of its own.
     */
    private volatile boolean stopping;

    private record Member(String name, Node node, BlockSources sources, List<InetSocketAddress> upstream) {
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--blocks", blocks, 1, MAX_BLOCKS);
        OptionChecks.range(spec, "--block-size", blockSize, 1, MAX_BLOCK_SIZE);
        OptionChecks.range(spec, "--dag-blocks", dagBlocks, 0, MAX_DAG_BLOCKS);
        Logging.quiet();
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("tributary-demo-");
        NetworkParameters regtest = NetworkParameters.forName("regtest");
        List<Member> members = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread cleanUp = new Thread(() -> interrupted(dir, members), "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            Member a = start("A", regtest, dir, List.of(), members);
            long mineStart = System.nanoTime();
            long mined = mine(a.node());
            double mineSeconds = (System.nanoTime() - mineStart) / 1e9;
            out.printf("Node A mined %s (%.1f MB, %s%s) in %.1f s%n", Plural.of(blocks, "regtest block"),
                    mined / 1e6, Plural.of(Math.max(0, (blockSize - 300) / ChainGenerator.TX_SIZE) + 1, "transaction"),
                    blocks == 1 ? "" : " each", mineSeconds);
            HeaderSyncData target = ChainService.of(a.node()).blockTip();
            InetSocketAddress addrA = a.node().listeningAddress();
            // One clock for the bars and the summary: both start here, before the nodes that sync start (B would
            // otherwise sync while C and D start, unseen by the summary's clock).
            List<Progress.Bar> bars = new ArrayList<>();
            for (String name : List.of("B", "C", "D")) {
                bars.add(Progress.bar("Node " + name, blocks, " blocks"));
            }
            long syncStart = System.nanoTime();
            Map<String, Double> seconds;
            try {
                Member b = start("B", regtest, dir, List.of(addrA), members);
                InetSocketAddress addrB = b.node().listeningAddress();
                Member c = start("C", regtest, dir, List.of(addrA, addrB), members);
                Member d = start("D", regtest, dir, List.of(addrB, c.node().listeningAddress()), members);
                seconds = syncAll(List.of(b, c, d), bars, target, syncStart);
            } finally {
                bars.forEach(Progress.Bar::close);
            }
            report(out, members, seconds);
            if (dagBlocks > 0) {
                dagRace(out, dir);
            }
            return 0;
        } catch (Exception e) {
            if (stopping) {
                return 130; // the hook says "demo interrupted"; the failure is the nodes it closed
            }
            throw e;
        } finally {
            boolean hookRuns = false;
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException e) {
                hookRuns = true; // shutting down: the hook cleans up
            }
            // When the hook runs, it closes the nodes and removes the directory; removing it here too would race
            // with it (a file the hook had just deleted failed this walk: "error: .../OPTIONS-000007 does not exist").
            if (!hookRuns) {
                closeAll(members);
                if (!keep) {
                    Directories.delete(dir);
                } else {
                    out.println("Data kept in " + dir);
                }
            }
        }
    }

    /**
     * Ctrl-C or a signal during the demo: the nodes are closed and, unless {@code --keep}, the temporary directory
     * removed (hundreds of MB otherwise left behind), and a line says so.
     */
    private void interrupted(Path dir, List<Member> members) {
        stopping = true;
        Progress.endOpenLine();
        closeAll(members);
        if (keep) {
            System.err.println("demo interrupted; data kept in " + dir);
            return;
        }
        // The engine threads may still write a file while the tree is walked: a few tries.
        Exception last = null;
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try {
                Directories.delete(dir);
            } catch (IOException | RuntimeException e) {
                last = e;
            }
        }
        System.err.println(Files.exists(dir) ? "demo interrupted; could not remove " + dir
                + (last != null ? ": " + UserErrors.describe(last) : "") : "demo interrupted; removed " + dir);
        System.err.flush();
    }

    private static void closeAll(List<Member> members) {
        synchronized (members) {
            members.forEach(m -> m.node().close());
        }
    }

    private Member start(String name, NetworkParameters net, Path dir, List<InetSocketAddress> upstream,
            List<Member> members) throws IOException {
        NetConfig netConfig = NetConfig.defaults()
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withConnect(upstream).withSeeds(List.of(), false).withUserAgent(userAgent(name));
        NodeConfig config = NodeConfig.of(net, dir.resolve(name)).withNet(netConfig).withSync(SyncConfig.defaults());
        BlockSources sources = new BlockSources();
        Node node = ChainService.node(config, List.of(sources));
        Member m = new Member(name, node, sources, upstream);
        members.add(m);
        node.start();
        return m;
    }

    private long mine(Node node) {
        try (Progress.Bar bar = Progress.bar("Mining A", blocks, " blocks")) {
            return node.call(() -> {
                ChainGenerator generator = new ChainGenerator(ChainService.of(node).chain(), 42);
                // the blocks are counted, not kept: a long chain would not fit in the heap
                LongAdder bytes = new LongAdder();
                generator.mineBlocks(blocks, blockSize, bar::stepTo, b -> bytes.add(b.size()));
                return bytes.sum();
            });
        }
    }

    /**
     * Waits until every syncing node's block tip is the miner's tip, and times each from {@code start}, the instant
     * its bar (one of {@code bars}, in the same order) began, so that the bar's rate and the summary's are one
     * figure. A node's own completion (caught up with its peers) is not enough here: D may catch up with B and C
     * while they are still behind A.
     */
    private Map<String, Double> syncAll(List<Member> syncing, List<Progress.Bar> bars, HeaderSyncData target,
            long start) throws Exception {
        Map<String, CompletableFuture<Double>> done = new LinkedHashMap<>();
        for (int i = 0; i < syncing.size(); i++) {
            Member m = syncing.get(i);
            Progress.Bar bar = bars.get(i);
            CompletableFuture<Double> reached = new CompletableFuture<>();
            // Each bar ends when its node has the chain, at the true total, timed as the summary times it.
            reached.thenRun(() -> {
                synchronized (bar) {
                    bar.stepTo(target.height());
                    bar.close();
                }
            });
            SyncListener watch = new SyncListener() {
                @Override
                public void onNewBlockTip(HeaderSyncData tip) {
                    if (tip.hash().equals(target.hash())) {
                        reached.complete((System.nanoTime() - start) / 1e9);
                    }
                }
            };
            m.node().execute(() -> {
                ChainService.of(m.node()).chain().addListener(watch);
                watch.onNewBlockTip(ChainService.of(m.node()).chain().blockTip());
            });
            done.put(m.name(), reached);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!all.isDone()) {
            for (int i = 0; i < syncing.size(); i++) {
                Progress.Bar bar = bars.get(i);
                // Asked of the engine before taking the bar's lock, which the engine takes to end the bar.
                int height = ChainService.of(syncing.get(i).node()).blockTip().height();
                synchronized (bar) {
                    if (!done.get(syncing.get(i).name()).isDone()) {
                        bar.stepTo(height);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the demo network did not converge within 10 minutes");
            }
            Thread.sleep(100);
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        done.forEach((name, f) -> seconds.put(name, f.join()));
        return seconds;
    }

    /** Act two: three dagtest nodes mine at once and converge on one DAG. */
    private void dagRace(PrintWriter out, Path dir) throws Exception {
        DagMiningRace.Result r;
        try (Progress.Bar bar = Progress.bar("Mining DAG", 3L * dagBlocks, " blocks")) {
            r = DagMiningRace.run(dir, 3, dagBlocks, bar::stepTo);
        }
        DagState s = r.states().get(0);
        out.printf("dagtest: nodes A, B and C mined %s at the same time (%d each); %.1f s after the first,"
                + " all held the same DAG: %s, highest tip at height %d%n", Plural.of(r.mined(), "block"), dagBlocks,
                r.seconds(), Plural.of(s.blockCount(), "block"), s.maxTipHeight());
        for (int i = 0; i < r.states().size(); i++) {
            out.printf("dag node %c: %s%n", (char) ('A' + i), DagLine.of(r.states().get(i)));
        }
        out.println("All three dagtest nodes hold the same DAG.");
    }

    /** Each demo node names itself in its user agent (a BIP 14 comment), so peers' blocks can be attributed. */
    private static String userAgent(String name) {
        return "/Tributary:0.1.0(demo-" + name + ")/";
    }

    private void report(PrintWriter out, List<Member> members, Map<String, Double> seconds) {
        Map<String, String> nameByAgent = new LinkedHashMap<>();
        for (Member m : members) {
            nameByAgent.put(userAgent(m.name()), m.name());
        }
        HeaderSyncData reference = ChainService.of(members.get(0).node()).blockTip();
        boolean agree = true;
        for (Member m : members) {
            HeaderSyncData tip = ChainService.of(m.node()).blockTip();
            agree &= tip.hash().equals(reference.hash());
            if (!seconds.containsKey(m.name())) {
                out.printf("node %s (miner): %s%n", m.name(), TipLine.of(tip));
                continue;
            }
            double s = seconds.get(m.name());
            StringBuilder from = new StringBuilder();
            m.sources().blocksByPeer().forEach((peer, n) ->
                    from.append(from.length() == 0 ? "" : ", ").append(nameByAgent.getOrDefault(peer, peer)).append('=').append(n));
            // the chain's blocks over the time to hold them: the figure the node's bar ends on, in its words
            out.printf("node %s: %s%n        synced in %.2f s: %s blocks/s, %.1f MB/s; blocks fetched per peer: %s%n",
                    m.name(), TipLine.of(tip), s, TerminalBar.rate(tip.height() / s), m.sources().bytes() / 1e6 / s,
                    from);
        }
        out.println(agree ? "All four nodes agree on the tip." : "The nodes DISAGREE on the tip.");
    }
}
