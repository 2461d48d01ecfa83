package dev.tributary.node.demo;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncCompletion;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.sync.headers.SyncConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts nodes on loopback for benchmarks, the demo and tests: a serving node listening on an ephemeral
 * port, and a syncing node connected to given peers, with a future that completes when it has synced.
 */
public final class LocalNetwork {
    private LocalNetwork() {
    }

    /** A node listening on 127.0.0.1 (ephemeral port), connecting nowhere. */
    public static Node startServer(NetworkParameters net, Path dir, StoreKind store, SyncConfig sync,
            long uploadBytesPerSecond, java.util.function.Consumer<Node> populate) throws IOException {
        NetConfig netConfig = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withSeeds(List.of(), false).withMaxOutbound(0).withMaxUploadRate(uploadBytesPerSecond);
        return start(NodeConfig.of(net, dir).withStore(store).withNet(netConfig).withSync(sync), populate);
    }

    /**
     * Opens a node, lets {@code populate} fill its chain on the engine thread, then starts it; closes it
     * again if any of that fails.
     */
    public static Node start(NodeConfig config, java.util.function.Consumer<Node> populate) throws IOException {
        Node node = ChainService.node(config, List.of());
        try {
            node.call(() -> {
                populate.accept(node);
                return null;
            });
            node.start();
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** A syncing node and how long it took. */
    public record SyncRun(Node node, HeaderSyncData tip, double seconds) {
    }

    /** Starts a node connected to {@code peers} and waits until it has synced (at most {@code timeoutSeconds}). */
    public static SyncRun syncFrom(NetworkParameters net, Path dir, StoreKind store, SyncConfig sync,
            List<InetSocketAddress> peers, List<dev.tributary.sync.SyncListener> listeners, long timeoutSeconds)
            throws Exception {
        NetConfig netConfig = NetConfig.defaults().withConnect(peers).withSeeds(List.of(), false);
        Node node = ChainService.node(NodeConfig.of(net, dir).withStore(store).withNet(netConfig).withSync(sync), listeners);
        try {
            CompletableFuture<HeaderSyncData> done = SyncCompletion.watch(node, peers);
            long start = System.nanoTime();
            node.start();
            HeaderSyncData tip = done.get(timeoutSeconds, TimeUnit.SECONDS);
            return new SyncRun(node, tip, (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }
}
