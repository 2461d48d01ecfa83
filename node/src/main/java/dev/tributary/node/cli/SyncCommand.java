package dev.tributary.node.cli;

import dev.tributary.node.chain.ChainService;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.node.chain.BlockSources;
import dev.tributary.node.Node;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.chain.SyncCompletion;
import dev.tributary.node.chain.SyncWatchdog;
import dev.tributary.node.chain.TipLine;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary sync}: syncs from the given peers until it has their best chain, then exits. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Syncs headers (and with --blocks, blocks) from the given peers until caught up, then exits 0;"
                + " with --sync-mode blocks, syncs blocks first until current with its peers.")
final class SyncCommand implements Callable<Integer> {
    @Mixin
    ChainOptions chain;

    @Mixin
    SyncOptions syncOptions;

    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT", description = "peer to sync from (repeatable)")
    List<InetSocketAddress> connect;

    @Option(names = "--blocks", description = "download block bodies too (always so with --sync-mode blocks)")
    boolean blocks;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "give up after this long, 0 to 2,147,483,647 seconds; 0 for no limit (default: no limit)")
    long timeoutSeconds;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * What a sync stopped by Ctrl-C (or SIGTERM) prints: every header and block it stored is in the store's log, so the
     * same command goes on from there.
     */
    static final String INTERRUPTED = "sync: interrupted; what was stored stays stored: run the same command again to"
            + " resume where it stopped";

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--timeout", timeoutSeconds, 0, Integer.MAX_VALUE);
        NetConfig net = NetConfig.defaults().withConnect(connect).withSeeds(List.of(), false)
                .withRedialUnreached(false);
        NodeConfig config = syncOptions.apply(NodeConfig.of(chain.network, chain.datadir).withNet(net));
        boolean full = blocks || config.mode() == SyncMode.BLOCKS;
        config = config.withSync(config.sync().withDownloadBlocks(full));
        DatadirEntries before = DatadirEntries.of(chain.datadir);
        try {
            return sync(config, full, before);
        } finally {
            before.removeNewUnlessKept();
        }
    }

    /**
     * Syncs into the data directory; {@code created} (what the directory held before) is kept once something is
     * stored: a sync that fails having stored nothing leaves the directory as it found it, as import and the db
     * commands do (it left a new, empty store behind).
     */
    private Integer sync(NodeConfig config, boolean full, DatadirEntries created) throws Exception {
        BlockSources sources = new BlockSources();
        try (Node node = ChainService.node(config, List.of(sources))) {
            int headersBefore = ChainService.of(node).mainTip().height();
            int blocksBefore = ChainService.of(node).blockTip().height();
            long writtenBefore = ChainService.of(node).blockBodiesWritten();
            long bytesBefore = ChainService.of(node).blockBytesWritten();
            CompletableFuture<HeaderSyncData> synced = SyncCompletion.watch(node, connect);
            long start = System.nanoTime();
            node.start();
            boolean inventory = config.mode() == SyncMode.BLOCKS;
            SyncWatchdog watchdog = new SyncWatchdog(node, full, syncOptions.stallTimeoutSeconds,
                    inventory ? () -> ChainService.of(node).blockBodiesWritten() : sources::blocks, System::nanoTime);
            HeaderSyncData tip;
            try {
                tip = InterruptNotice.during(INTERRUPTED, () -> awaitWithProgress(node, synced, full, watchdog,
                        headersBefore));
            } catch (Exception e) {
                if (ChainService.of(node).mainTip().height() != headersBefore
                        || ChainService.of(node).blockTip().height() != blocksBefore) {
                    created.keep();
                }
                if (NetworkProbe.beforeHandshake(e)) {
                    List<String> strangers = NetworkProbe.strangers(connect, List.of(chain.network.name()), 2_000);
                    if (!strangers.isEmpty()) {
                        throw new java.io.IOException(String.join("; ", strangers), e);
                    }
                }
                throw e;
            }
            created.keep();
            double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
            int headers = tip.height() - headersBefore;
            long fetched = inventory ? ChainService.of(node).blockBodiesWritten() - writtenBefore : sources.blocks();
            long bytes = inventory ? ChainService.of(node).blockBytesWritten() - bytesBefore : sources.bytes();
            int blocksAfter = ChainService.of(node).blockTip().height();
            if (headers == 0 && (!full || blocksAfter == blocksBefore) && fetched == 0) {
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "nothing to sync: %s already holds the best chain of its %s, height %d%s (%.2f s)",
                        chain.datadir, Plural.of(connect.size(), "peer"), tip.height(), full ? " with every block" : "", seconds));
            } else {
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "synced in %.2f s from %s: headers %d -> %d (%.0f/s), blocks %d -> %d (%d fetched, %.1f MB, %.2f MB/s)",
                        seconds, Plural.of(connect.size(), "peer"), headersBefore, tip.height(), headers / seconds, blocksBefore,
                        blocksAfter, fetched, bytes / 1e6, bytes / 1e6 / seconds));
            }
            spec.commandLine().getOut().println(TipLine.of(tip));
            return 0;
        }
    }

    private HeaderSyncData awaitWithProgress(Node node, CompletableFuture<HeaderSyncData> synced, boolean full,
            SyncWatchdog watchdog, int headersBefore) throws Exception {
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        HandshakeWaits handshakes = HandshakeWaits.of(node.net(), timeoutSeconds);
        try (Progress.Bar headers = Progress.bar("Headers", Progress.UNKNOWN, " headers");
             Progress.Bar blocks = full ? Progress.bar("Blocks", Progress.UNKNOWN, " blocks") : null) {
            while (true) {
                try {
                    HeaderSyncData tip = synced.get(250, TimeUnit.MILLISECONDS);
                    // The bars end at the true totals, which the result line repeats.
                    updateBars(node, headers, blocks, headersBefore, true);
                    return tip;
                } catch (TimeoutException e) {
                    updateBars(node, headers, blocks, headersBefore, false);
                    handshakes.check(node);
                    watchdog.check();
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("not synced after " + timeoutSeconds + " s" + whyNot(node));
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception c ? c : e;
                }
            }
        }
    }

    /** Why a sync that timed out was not done, when the peers' state says it: none of them answered its handshake. */
    private static String whyNot(Node node) {
        boolean noneReady = node.call(() -> node.peers().readyPeers().isEmpty());
        return noneReady ? ": no peer has completed its handshake (connected, but it has not answered as a node of"
                + " this network)" : "";
    }

    /**
     * Headers: the header tip's height out of the best height the peers are known to have, when one announced in its
     * {@code version} more than this node had (not known otherwise: none said yet, or a headers-only peer, which
     * announces its block height, 0, so that what it has shows only as it comes), and the header tip once
     * {@code done}. Blocks (null when only headers are synced): the block tip's height out of the same total (the
     * header tip's when no peer announced more: a total that only grows as headers arrive would show 90% at a tenth
     * of the work).
     */
    private void updateBars(Node node, Progress.Bar headers, Progress.Bar blocks, int headersBefore, boolean done) {
        int[] heights = node.call(() -> new int[] {
            ChainService.of(node).chain().mainTip().height(),
            node.peers().readyPeers().stream().mapToInt(p -> BitcoinPeer.of(p).bestKnownHeight()).max().orElse(-1),
            ChainService.of(node).chain().blockTip().height(),
            node.peers().readyPeers().stream().map(p -> BitcoinPeer.of(p).version()).filter(v -> v != null)
                    .mapToInt(v -> v.startHeight()).max().orElse(-1)});
        boolean announcedMore = heights[3] > headersBefore;
        int announced = Math.max(heights[0], heights[1]);
        headers.maxHint(done ? heights[0] : announcedMore ? announced : Progress.UNKNOWN);
        headers.stepTo(heights[0]);
        if (blocks != null) {
            blocks.maxHint(done ? heights[0] : heights[1] < 0 && heights[0] == 0 ? Progress.UNKNOWN
                    : announcedMore ? announced : heights[0]);
            blocks.stepTo(heights[2]);
        }
    }
}
