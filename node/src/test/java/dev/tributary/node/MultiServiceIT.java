package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagState;
import dev.tributary.net.NetConfig;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.dag.DagService;
import dev.tributary.node.http.HttpApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node, many protocols: a node runs a regtest chain (headers-first) and the dagtest DAG at once, on one
 * listening port, one engine and one RocksDB store; a second node of the same kind, told only that port, syncs
 * both from it over loopback.
 */
class MultiServiceIT {
    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Node open(Path datadir, NetConfig net) {
        NodeConfig chain = NodeConfig.of(NetworkParameters.REGTEST, datadir).withNet(net).withMode(SyncMode.HEADERS);
        return Node.builder(datadir.getFileName().toString()).datadir(datadir).net(net)
                .service(ChainService.factory(chain, List.of()))
                .service(DagService.factory())
                .build();
    }

    @Test
    void aChainAndADagSyncFromOneNodeOnOnePortAndOneStore() throws Exception {
        NetConfig serving = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withSeeds(List.of(), false).withMaxOutbound(0);
        try (Node a = open(dir.resolve("a"), serving)) {
            a.start();
            ChainService.of(a).mine(25);
            DagService.of(a).mineBlocks(12);
            InetSocketAddress port = a.listeningAddress();

            NetConfig following = NetConfig.defaults().withConnect(List.of(port)).withSeeds(List.of(), false);
            try (Node b = open(dir.resolve("b"), following)) {
                b.start();
                EngineWait.until(b, () -> ChainService.of(b).chain().blockTip().height() == 25, PATIENCE,
                        "the chain at B");
                DagState onA = DagService.of(a).state();
                EngineWait.until(b, () -> DagService.of(b).protocol().state().equals(onA), PATIENCE,
                        "the DAG at B");

                assertThat(ChainService.of(b).blockTip()).isEqualTo(ChainService.of(a).blockTip());
                assertThat(b.call(() -> b.peers().readyPeers().size())).as("one connection per network").isEqualTo(2);
                assertThat(a.call(() -> a.peers().readyPeers().stream().map(p -> p.network().name()).sorted().toList()))
                        .containsExactly("dagtest", "regtest");
            }
        }
        assertThat(Files.isDirectory(Node.storeDirectory(dir.resolve("a")))).isTrue();
        try (var files = Files.list(dir.resolve("a"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("one store for both")
                    .containsExactly("store");
        }
    }

    @Test
    void eachServiceHasItsRoutesAndItsSectionOfTheStatus() throws Exception {
        NetConfig net = NetConfig.defaults().withSeeds(List.of(), false).withMaxOutbound(0);
        try (Node node = open(dir.resolve("api"), net);
                HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ApiClient c = new ApiClient(api.port());
            assertThat(c.post("/regtest/mine", "{\"blocks\": 2}").body().get("height").asInt()).isEqualTo(2);
            com.fasterxml.jackson.databind.JsonNode dagMined = c.post("/dagtest/mine", "{\"blocks\": 3}").body();
            assertThat(dagMined.get("height").asInt()).isEqualTo(3);
            assertThat(dagMined.has("tip")).as("a DAG has tips, not one tip: %s", dagMined).isFalse();
            assertThat(dagMined.get("tips")).as("%s", dagMined).hasSize(1);
            assertThat(dagMined.get("tips").get(0).asText()).isEqualTo(dagMined.get("blocks").get(2).asText());
            assertThat(dagMined.get("tipsHash").asText())
                    .isEqualTo(DagService.of(node).state().tipsHash().toString());
            ApiClient.Reply status = c.get("/status");
            assertThat(status.body().get("services").get("regtest").get("blockHeight").asInt()).isEqualTo(2);
            assertThat(status.body().get("services").get("dagtest").get("dag").get("blocks").asInt()).isEqualTo(4);
            assertThat(c.post("/mine", "{\"blocks\": 1}").status()).as("no short path: two services mine").isEqualTo(404);
        }
    }
}
