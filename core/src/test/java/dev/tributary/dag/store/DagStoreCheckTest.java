package dev.tributary.dag.store;

import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.mineAndAdd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagIndex;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagStoreCheckTest {
    private final KeyValueStore kv = new InMemoryKeyValueStore();
    private final DagStore store = DagStore.open(kv, PARAMS);
    private final List<DagBlock> blocks = new ArrayList<>();

    DagStoreCheckTest() {
        DagIndex dag = DagIndex.create(PARAMS);
        for (int i = 0; i < 5; i++) {
            DagBlock b = mineAndAdd(dag, "b" + i);
            store.save(b);
            blocks.add(b);
        }
    }

    @Test
    void aStoreAsDagStoreWroteItIsConsistent() {
        assertThat(DagStoreCheck.check(kv, PARAMS)).isEmpty();
    }

    @Test
    void aMissingBodyIsNamed() {
        DagBlock b = blocks.get(2);
        kv.delete(DagStore.blockKey(b.hash()));
        assertThat(DagStoreCheck.check(kv, PARAMS)).containsExactly(
                "block " + b.height() + " (" + b.hash() + ") is in the DAG but its body is not stored");
    }

    @Test
    void anotherBlocksBodyAndABodyOutsideTheDagAreNamed() {
        DagBlock b = blocks.get(1);
        DagBlock other = blocks.get(3);
        kv.put(DagStore.blockKey(b.hash()), other.serialize());
        DagBlock stray = mineAndAdd(DagIndex.create(PARAMS), "stray");
        kv.put(DagStore.blockKey(stray.hash()), stray.serialize());
        assertThat(DagStoreCheck.check(kv, PARAMS)).containsExactlyInAnyOrder(
                "block " + b.height() + " (" + b.hash() + "): the body stored for it is another block's (" + other.hash() + ")",
                "block " + stray.hash() + " is stored but is not in the DAG (no order entry)");
    }

    @Test
    void aDagThatDoesNotLoadIsTheOnlyProblem() {
        DagBlock b = blocks.get(1);
        kv.delete(DagStore.orderKey(BlockAtHeight.of(b)));
        List<String> problems = DagStoreCheck.check(kv, PARAMS);
        assertThat(problems).singleElement().asString().startsWith("the DAG does not load: ");
    }

    @Test
    void aStoreWithoutADagSaysSo() {
        assertThat(DagStoreCheck.check(new InMemoryKeyValueStore(), PARAMS)).singleElement().asString()
                .startsWith("the DAG does not load: ").endsWith("holds no DAG");
    }
}
