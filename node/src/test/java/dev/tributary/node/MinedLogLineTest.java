package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's log line for blocks it mined counts them in words: {@code Mined 1 block}, {@code Mined 2 blocks}. */
class MinedLogLineTest {
    private static final NetConfig ALONE = NetConfig.defaults().withSeeds(List.of(), false).withMaxOutbound(0);

    @TempDir
    Path dir;

    @Test
    void aChainNodeSaysBlockForOneAndBlocksForMore() throws Exception {
        try (LogCapture logs = new LogCapture();
             Node node = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, dir).withStore(StoreKind.MEMORY)
                     .withNet(ALONE), List.of())) {
            node.start();
            ChainService.of(node).mine(1);
            ChainService.of(node).mine(2);
            assertThat(logs.lines("Mined ")).extracting(e -> e.getFormattedMessage().replaceAll(", last .*", ""))
                    .containsExactly("Mined 1 block", "Mined 2 blocks");
        }
    }

    @Test
    void aDagNodeSaysBlockForOneAndBlocksForMore() throws Exception {
        try (LogCapture logs = new LogCapture(); DagNode node = DagNode.open(dir, StoreKind.MEMORY, ALONE)) {
            node.start();
            node.mineBlocks(1);
            node.mineBlocks(2);
            assertThat(logs.lines("Mined ")).extracting(e -> e.getFormattedMessage().replaceAll("; .*", ""))
                    .containsExactly("Mined 1 block", "Mined 2 blocks");
        }
    }
}
