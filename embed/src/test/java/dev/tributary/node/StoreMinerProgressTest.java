package dev.tributary.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.chain.ChainStoreMiner;
import dev.tributary.node.dag.DagStoreMiner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store miners say how far they are: 0 once the store is open, then after each block stored. */
class StoreMinerProgressTest {

    @Test
    void aChainMinerCountsEachBlockStored(@TempDir Path dir) {
        List<Long> seen = new ArrayList<>();
        String line = new ChainStoreMiner(NetworkParameters.forName("regtest")).mine(dir, 3, seen::add);
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L);
        assertThat(line).startsWith("height=3 ");
    }

    @Test
    void aDagMinerCountsEachBlockStored(@TempDir Path dir) {
        List<Long> seen = new ArrayList<>();
        String line = new DagStoreMiner().mine(dir, 2, seen::add);
        assertThat(seen).containsExactly(0L, 1L, 2L);
        assertThat(line).contains("blocks=3");
    }
}
