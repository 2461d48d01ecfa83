package dev.tributary.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.Node;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blocksStored} in a chain's status counts the bodies the store holds, not the writes since it opened. */
class ChainStatusStoredTest {
    @TempDir
    Path dir;

    @Test
    void blocksStoredCountsWhatTheStoreHoldsAfterARestart() {
        NodeConfig config = NodeConfig.of(NetworkParameters.REGTEST, dir);
        try (Node node = ChainService.node(config, List.of())) {
            assertThat(ChainService.of(node).currentStatus().blocksStored()).as("genesis").isEqualTo(1);
            ChainService.of(node).mine(5);
            assertThat(ChainService.of(node).currentStatus().blocksStored()).isEqualTo(6);
        }
        try (Node reopened = ChainService.node(config, List.of())) {
            assertThat(ChainService.of(reopened).blockBodiesWritten()).as("nothing written since the restart").isZero();
            assertThat(ChainService.of(reopened).currentStatus().blocksStored()).isEqualTo(6);
            ChainService.of(reopened).mine(2);
            assertThat(ChainService.of(reopened).currentStatus().blocksStored()).isEqualTo(8);
        }
    }
}
