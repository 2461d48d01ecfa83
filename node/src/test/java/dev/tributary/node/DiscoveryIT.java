package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import static dev.tributary.node.TestNodes.REGTEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.NetConfig;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.chain.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers found without {@code --connect}: a seed address puts the serving node in the address book, the
 * outbound connector dials it to reach its target, and sync follows from the handshake.
 */
class DiscoveryIT {

    @Test
    void aNodeGivenOnlyASeedFindsThePeerAndSyncsItsBlocks(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        ChainBuilder builder = ChainBuilder.regtest(13, now - 100 * 600L);
        List<Block> blocks = builder.extendTip(60);
        try (Node server = TestNodes.serving(dir.resolve("server"), TestNodes.listening(), builder, blocks)) {
            String seed = "127.0.0.1:" + server.listeningAddress().getPort();
            NetConfig discovering = NetConfig.defaults().withSeeds(List.of(seed), false).withMaxOutbound(2)
                    .withTimeouts(5_000, 60_000, 60_000);
            try (Node node = ChainService.node(NodeConfig.of(REGTEST, dir.resolve("node")).withNet(discovering)
                    .withSync(TestNodes.quickSync()), List.of())) {
                node.start();

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!ChainService.of(node).blockTip().hash().equals(builder.tip().hash()) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }

                assertThat(ChainService.of(node).blockTip().hash()).isEqualTo(builder.tip().hash());
                assertThat(node.call(() -> node.peers().readyPeers().stream().map(p -> p.address().getPort()).toList()))
                        .containsExactly(server.listeningAddress().getPort());
            }
        }
    }
}
