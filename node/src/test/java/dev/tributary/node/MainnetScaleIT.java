package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.sync.headers.SyncConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain of mainnet's size in bounded memory: a node in a JVM limited to {@code -Xmx256m} syncs a
 * 1,000,000-header chain over loopback into its RocksDB store, and a restart under the same limit opens
 * the chain from the store (the index loaded record by record, no header replayed or validated again)
 * and reports the same tip. Either JVM running out of heap fails the test.
 */
class MainnetScaleIT {
    private static final int COUNT = 1_000_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    @Test
    void aMillionHeadersSyncAndReloadUnder256MbOfHeap(@TempDir Path dir) throws Exception {
        NetworkParameters regtest = NetworkParameters.REGTEST;
        SyncConfig sync = SyncConfig.defaults().withDownloadBlocks(false);
        try (Node server = LocalNetwork.startServer(regtest, dir.resolve("server"), StoreKind.MEMORY, sync, 0,
                node -> { })) {
            ChainGenerator generator = new ChainGenerator(ChainService.of(server).chain(), 11);
            for (int mined = 0; mined < COUNT; mined += 50_000) { // in slices: each engine call answers in seconds
                server.call(() -> {
                    generator.mineHeaders(50_000, h -> { });
                    return null;
                });
            }
            HeaderSyncData tip = server.call(() -> ChainService.of(server).chain().mainTip());
            assertThat(tip.height()).isEqualTo(COUNT);
            InetSocketAddress at = server.listeningAddress();
            String expected = "height=" + COUNT + " tip=" + tip.hash() + " chainwork=" + tip.chainWork();
            Path client = dir.resolve("client");

            try (ChildCli syncing = ChildCli.start(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), Map.of(), "sync",
                    "--network", "regtest", "--datadir", client.toString(), "--connect",
                    at.getHostString() + ":" + at.getPort())) {
                assertThat(syncing.waitFor(TIMEOUT)).as(syncing.transcript()).isZero();
                assertThat(syncing.out()).as(syncing.transcript()).last().isEqualTo(expected);
            }
            try (ChildCli restart = ChildCli.start(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), Map.of(),
                    "status", "--network", "regtest", "--datadir", client.toString())) {
                assertThat(restart.waitFor(TIMEOUT)).as(restart.transcript()).isZero();
                assertThat(restart.out()).as(restart.transcript()).last().isEqualTo(expected);
            }
        }
    }
}
