package dev.tributary.node.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DAG's status names its tips and their hash as such: no field called {@code tip} holds the tips' hash. */
class DagStatusFieldsTest {
    @TempDir
    Path dir;

    @Test
    void tipsAndTipsHashAreTheirOwnFields() {
        try (Node node = Node.builder(dir).storeKind(StoreKind.MEMORY).service(DagService.factory()).build()) {
            DagService dag = node.service(DagService.class);
            dag.mine(3);
            DagStatus s = dag.currentStatus();
            assertThat(s.tips()).isEqualTo(s.dag().tips()).isNotEmpty();
            assertThat(s.tipsHash()).isEqualTo(s.dag().tipsHash()).isNotIn(s.tips());
            assertThat(s.height()).isEqualTo(3);
            assertThat(s.blocksStored()).as("genesis and three").isEqualTo(4);
            assertThat(DagStatus.class.getRecordComponents()).extracting(c -> c.getName()).doesNotContain("tip");
        }
    }
}
