package dev.tributary.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChainSync}, the library's entry point, against real nodes on loopback. */
class ChainSyncTest {
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void syncsHeadersByDefaultSoAHeadersOnlyPeerIsEnough() throws Exception {
        try (Node full = miner(dir.resolve("full"), 30);
             Node headersOnly = headersOnlyCopyOf(full, dir.resolve("headers"))) {
            try (ChainSync sync = ChainSync.of(REGTEST, dir.resolve("embedded"))
                    .from(address(headersOnly)).start()) {
                HeaderSyncData tip = sync.await(PATIENCE);
                assertThat(tip.height()).isEqualTo(30);
                assertThat(tip.hash()).isEqualTo(ChainService.of(full).mainTip().hash());
                assertThat(sync.chain().blockTip().height()).as("headers only: no block body fetched").isZero();
            }
            // The store is kept: a second sync from the same directory has nothing to do.
            try (ChainSync again = ChainSync.of(REGTEST, dir.resolve("embedded")).from(address(headersOnly)).start()) {
                assertThat(again.chain().mainTip().height()).isEqualTo(30);
                assertThat(again.await(PATIENCE).height()).isEqualTo(30);
            }
        }
    }

    @Test
    void blocksFromAHeadersOnlyPeerFailInWordsNamingIt() throws Exception {
        try (Node full = miner(dir.resolve("full"), 10);
             Node headersOnly = headersOnlyCopyOf(full, dir.resolve("headers"));
             ChainSync sync = ChainSync.of(REGTEST, dir.resolve("embedded")).inMemory().blocks()
                     .from(address(headersOnly)).start()) {
            assertThatThrownBy(() -> sync.await(PATIENCE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no peer to download blocks from")
                    .hasMessageContaining("headers only");
        }
    }

    @Test
    void downloadsBlocksFromAFullPeer() throws Exception {
        try (Node full = miner(dir.resolve("full"), 25);
             ChainSync sync = ChainSync.of(REGTEST, dir.resolve("embedded")).inMemory().blocks()
                     .from(address(full)).start()) {
            assertThat(sync.await(PATIENCE).height()).isEqualTo(25);
            assertThat(sync.chain().blockTip().height()).isEqualTo(25);
        }
    }

    @Test
    void blocksFirstEndsAtTheBlockTip() throws Exception {
        try (Node full = miner(dir.resolve("full"), 12);
             ChainSync sync = ChainSync.of(REGTEST, dir.resolve("embedded")).inMemory().mode(SyncMode.BLOCKS)
                     .from(address(full)).start()) {
            HeaderSyncData tip = sync.await(PATIENCE);
            assertThat(tip.height()).isEqualTo(12);
            assertThat(sync.chain().blockTip().height()).isEqualTo(12);
        }
    }

    @Test
    void anUnreachablePeerIsNamed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (ChainSync sync = ChainSync.of(REGTEST, dir).inMemory().from("127.0.0.1:" + closed).start()) {
            assertThatThrownBy(() -> sync.await(PATIENCE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("127.0.0.1:" + closed);
        }
    }

    @Test
    void badInputIsRefusedInWords() {
        assertThatThrownBy(() -> ChainSync.of(REGTEST, dir).start()).isInstanceOf(IllegalStateException.class)
                .hasMessage("no peer to sync from: name one with from(\"HOST:PORT\")");
        assertThatThrownBy(() -> ChainSync.of(REGTEST, dir).from("localhost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not HOST:PORT with a port from 1 to 65535: \"localhost\"");
        assertThatThrownBy(() -> ChainSync.of(REGTEST, dir).from("localhost:70000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChainSync.of(REGTEST, dir).stallTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void completionMayBeWatchedAfterTheNodeStarted() throws Exception {
        try (Node full = miner(dir.resolve("full"), 8)) {
            NodeConfig config = NodeConfig.of(REGTEST, dir.resolve("late")).withStore(StoreKind.MEMORY)
                    .withNet(NetConfig.defaults().withConnect(List.of(address(full))).withSeeds(List.of(), false))
                    .withSync(SyncConfigs.headersOnly());
            try (Node node = ChainService.node(config, List.of())) {
                node.start();
                // The handshake happens before the watch begins: the watch must still count it.
                waitUntilReady(node);
                CompletableFuture<HeaderSyncData> done = SyncCompletion.watch(node, List.of(address(full)));
                assertThat(done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).height()).isEqualTo(8);
            }
        }
    }

    /** A running regtest node on loopback (full, headers-first, in memory) that mined {@code blocks} blocks. */
    static Node miner(Path dir, int blocks) throws IOException {
        NodeConfig config = NodeConfig.of(REGTEST, dir).withStore(StoreKind.MEMORY).withNet(listening());
        Node node = ChainService.node(config, List.of());
        try {
            node.start();
            ChainService.of(node).mine(blocks);
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** A running headers-only node (it serves no block) holding the headers of {@code source}'s chain. */
    static Node headersOnlyCopyOf(Node source, Path dir) throws Exception {
        NodeConfig config = NodeConfig.of(REGTEST, dir).withStore(StoreKind.MEMORY)
                .withNet(listening().withConnect(List.of(address(source))).withMaxOutbound(1))
                .withSync(SyncConfigs.headersOnly());
        Node node = ChainService.node(config, List.of());
        try {
            CompletableFuture<HeaderSyncData> done = SyncCompletion.watch(node, List.of(address(source)));
            node.start();
            done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return node;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    static InetSocketAddress address(Node node) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), node.listeningAddress().getPort());
    }

    private static NetConfig listening() {
        return NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withSeeds(List.of(), false).withMaxOutbound(0);
    }

    private static void waitUntilReady(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (node.call(() -> node.peers().readyPeers().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no peer became ready");
            }
            Thread.sleep(20);
        }
    }

    /** Sync settings. */
    static final class SyncConfigs {
        static dev.tributary.sync.headers.SyncConfig headersOnly() {
            return dev.tributary.sync.headers.SyncConfig.defaults().withDownloadBlocks(false);
        }
    }
}
