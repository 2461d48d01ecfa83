package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.ChainStatus;
import dev.tributary.node.chain.NodeLine;
import dev.tributary.node.chain.SyntheticTransactions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.http.HttpApi;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.sync.inventory.InventoryConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five blocks-first nodes in a line over loopback (A-B-C-D-E, each connected to the one before only): blocks
 * mined on A through its HTTP API and a transaction submitted to A reach E by relay, the transaction leaves every
 * memory pool once a block confirms it, and every node stores each block exactly once.
 */
class BlocksFirstRelayIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void blocksAndTransactionsMadeOnAReachEAndEveryNodeStoresEachBlockOnce() throws Exception {
        try (NodeLine line = NodeLine.start(dir, 5, StoreKind.ROCKSDB,
                InventoryConfig.forNetwork(NetworkParameters.REGTEST));
                HttpApi api = HttpApi.start(line.node(0), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ApiClient a = new ApiClient(api.port());
            Node e = line.node(4);

            ApiClient.Reply mined = a.post("/mine", "{\"blocks\": 10}");
            assertThat(mined.status()).as("%s", mined).isEqualTo(200);
            assertThat(mined.body().get("blocks")).hasSize(10);
            assertThat(mined.body().get("height").asInt()).isEqualTo(10);
            String tip = mined.body().get("tip").asText();
            assertThat(mined.body().get("blocks").get(9).asText()).isEqualTo(tip);
            line.times(4).whenConnected(dev.tributary.bytes.Hash.fromDisplayHex(tip)).get(30, TimeUnit.SECONDS);

            String hex = SyntheticTransactions.hex(new Random(1));
            ApiClient.Reply submitted = a.post("/transactions", "{\"hex\": \"" + hex + "\"}");
            assertThat(submitted.status()).as("%s", submitted).isEqualTo(200);
            var txid = dev.tributary.bytes.Hash.fromDisplayHex(submitted.body().get("txid").asText());
            EngineWait.until(e, () -> ChainService.of(e).inventory().sync().mempool().contains(txid), PATIENCE, "the transaction at E");
            for (Node n : line.nodes()) {
                assertThat(ChainService.of(n).currentStatus().mempool()).as("memory pool of %s", ChainService.of(n).config().datadir()).isEqualTo(1);
            }

            ApiClient.Reply confirming = a.post("/mine", "{\"blocks\": 1}");
            assertThat(confirming.status()).as("%s", confirming).isEqualTo(200);
            String last = confirming.body().get("tip").asText();
            line.times(4).whenConnected(dev.tributary.bytes.Hash.fromDisplayHex(last)).get(30, TimeUnit.SECONDS);
            for (Node n : line.nodes()) {
                EngineWait.until(n, () -> ChainService.of(n).inventory().sync().mempool().size() == 0, PATIENCE,
                        "an empty memory pool at " + ChainService.of(n).config().datadir());
            }
            assertEveryNodeHasTheChainOnce(line, last, 11);

            ApiClient.Reply status = new ApiClient(api.port()).get("/status");
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.body().get("mode").asText()).isEqualTo("blocks");
            assertThat(status.body().get("height").asInt()).isEqualTo(11);
            assertThat(status.body().get("tip").asText()).isEqualTo(last);
            assertThat(status.body().get("peers").asInt()).isEqualTo(1);
            assertThat(status.body().get("mempool").asInt()).isZero();
            assertThat(status.body().get("chainwork").asText()).matches("\\d+");
        }
    }

    /** Same tip everywhere, a consistent store, and as many body writes as blocks (genesis included). */
    private static void assertEveryNodeHasTheChainOnce(NodeLine line, String tip, int height) {
        List<String> tips = new ArrayList<>();
        for (Node n : line.nodes()) {
            ChainStatus s = ChainService.of(n).currentStatus();
            tips.add(s.tip().tip());
            assertThat(s.tip().height()).isEqualTo(height);
            assertThat(ChainService.of(n).blockBodiesWritten())
                    .as("bodies written at %s: each block once", ChainService.of(n).config().datadir())
                    .isEqualTo(height + 1);
            assertThat(s.blocksStored()).as("bodies the store holds").isEqualTo(height + 1);
            assertThat(n.call(() -> StoreConsistencyCheck.check(ChainService.of(n).chain().persist()))).isEmpty();
        }
        assertThat(tips).containsOnly(tip);
    }
}
