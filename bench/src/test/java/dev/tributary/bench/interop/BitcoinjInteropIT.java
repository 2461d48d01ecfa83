package dev.tributary.bench.interop;

import dev.tributary.node.chain.ChainService;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bench.BitcoinjClient;
import dev.tributary.bench.BitcoinjClient.Mode;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.sync.headers.SyncConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bitcoinj 0.17, a client nobody here wrote, syncs a Tributary node's regtest chain over loopback: headers
 * only; every block, which bitcoinj verifies (Merkle root, coinbase, transactions) before connecting it; and,
 * as a wallet with a birthday does, headers up to its catch-up time and whole blocks after it. The chain crosses a retarget boundary (2,016) and its blocks carry transactions.
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
                SyncConfig.defaults(), 0, node -> new ChainGenerator(ChainService.of(node).chain(), 11).mineBlocks(BLOCKS, 1_500, n -> {
                }));
        tip = server.call(() -> ChainService.of(server).chain().blockTip());
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
        BitcoinjClient.Result r = BitcoinjClient.sync(server.listeningAddress(), Mode.headersOnly(),
                dir.resolve("headers.spvchain").toFile(), BLOCKS, TIMEOUT);

        assertThat(r.height()).isEqualTo(tip.height());
        assertThat(r.tipHash()).isEqualTo(tip.hash().toString());
        assertThat(r.chainWork()).isEqualTo(tip.chainWork());
        assertThat(r.blocksWithBodies()).as("headers only: no block bodies").isZero();
    }

    @Test
    void bitcoinjDownloadsAndVerifiesEveryBlockAndReachesTheTip() throws Exception {
        BitcoinjClient.Result r = BitcoinjClient.sync(server.listeningAddress(), Mode.fullBlocks(),
                dir.resolve("blocks.spvchain").toFile(), BLOCKS, TIMEOUT);

        assertThat(r.height()).isEqualTo(tip.height());
        assertThat(r.tipHash()).isEqualTo(tip.hash().toString());
        assertThat(r.chainWork()).isEqualTo(tip.chainWork());
        assertThat(r.blocksWithBodies()).as("every block arrived whole").isEqualTo(BLOCKS);
    }

    @Test
    void bitcoinjSyncsHeadersUpToItsCatchUpTimeThenWholeBlocks() throws Exception {
        // A wallet created at block 1,000's time: headers before it, every block from there on.
        Instant birthday = Instant.ofEpochSecond(server.call(() -> ChainService.of(server).chain().index().mainChainAt(1_000)
                .orElseThrow().header().time()));

        BitcoinjClient.Result r = BitcoinjClient.sync(server.listeningAddress(), Mode.headersThenBlocks(birthday),
                dir.resolve("mixed.spvchain").toFile(), BLOCKS, TIMEOUT);

        assertThat(r.tipHash()).isEqualTo(tip.hash().toString());
        assertThat(r.chainWork()).isEqualTo(tip.chainWork());
        assertThat(r.blocksWithBodies()).as("whole blocks from the catch-up time on, headers before it")
                .isBetween(BLOCKS - 1_000, BLOCKS - 1);
    }
}
