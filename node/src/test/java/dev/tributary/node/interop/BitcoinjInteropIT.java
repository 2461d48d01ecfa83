package dev.tributary.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.ChainGenerator;
import dev.tributary.node.LocalNetwork;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.bench.BitcoinjClient;
import dev.tributary.node.bench.BitcoinjClient.Mode;
import dev.tributary.sync.SyncConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bitcoinj 0.17, a client nobody here wrote, syncs a Tributary node's regtest chain over loopback: first
 * headers only, then every block, which bitcoinj verifies (Merkle root, coinbase, transactions) before
 * connecting it. The chain crosses a retarget boundary (2,016) and its blocks carry transactions.
 */
@Tag("interop")
class BitcoinjInteropIT {
    private static final int BLOCKS = 2_100;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static Node server;
    private static HeaderSyncData tip;

    @BeforeAll
    static void serveAChain() throws Exception {
        server = LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve("server"), StoreKind.MEMORY,
                SyncConfig.defaults(), 0, node -> new ChainGenerator(node.chain(), 11).mineBlocks(BLOCKS, 1_500, n -> {
                }));
        tip = server.call(() -> server.chain().blockTip());
        assertThat(tip.height()).isEqualTo(BLOCKS);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bitcoinjSyncsTheHeadersOnlyAndReachesTheTip() throws Exception {
        BitcoinjClient.Result r = BitcoinjClient.sync(server.listeningAddress(), Mode.HEADERS_ONLY,
                dir.resolve("headers.spvchain").toFile(), BLOCKS, TIMEOUT);

        assertThat(r.height()).isEqualTo(tip.height());
        assertThat(r.tipHash()).isEqualTo(tip.hash().toString());
        assertThat(r.chainWork()).isEqualTo(tip.chainWork());
        assertThat(r.blocksWithBodies()).as("headers only: no block bodies").isZero();
    }

    @Test
    void bitcoinjDownloadsAndVerifiesEveryBlockAndReachesTheTip() throws Exception {
        BitcoinjClient.Result r = BitcoinjClient.sync(server.listeningAddress(), Mode.FULL_BLOCKS,
                dir.resolve("blocks.spvchain").toFile(), BLOCKS, TIMEOUT);

        assertThat(r.height()).isEqualTo(tip.height());
        assertThat(r.tipHash()).isEqualTo(tip.hash().toString());
        assertThat(r.chainWork()).isEqualTo(tip.chainWork());
        assertThat(r.blocksWithBodies()).as("every block arrived whole").isEqualTo(BLOCKS);
    }
}
