package dev.tributary.dag;

import static dev.tributary.dag.DagFixtures.GENESIS;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.mineAndAdd;
import static dev.tributary.dag.DagFixtures.mineOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import dev.tributary.store.StoreException;
import dev.tributary.store.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagStoreTest {
    @TempDir
    Path tmp;

    /** A DAG of a few branches and merges, each block saved as it is added. */
    private static DagIndex buildAndSave(DagStore store) {
        DagIndex dag = DagIndex.create(PARAMS);
        List<DagBlock> blocks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            blocks.add(mineOn(dag, "side" + i, GENESIS.hash()));
        }
        blocks.forEach(dag::add);
        blocks.forEach(store::save);
        for (int i = 0; i < 4; i++) {
            store.save(mineAndAdd(dag, "merge" + i));
            DagBlock side = mineOn(dag, "fork" + i, dag.tips().get(0));
            dag.add(side);
            store.save(side);
        }
        return dag;
    }

    @Test
    void anInMemoryStoreReloadsTheSameDag() {
        KeyValueStore kv = new InMemoryKeyValueStore();
        DagStore store = DagStore.open(kv, PARAMS);
        assertThat(store.load().state()).isEqualTo(DagIndex.create(PARAMS).state());
        DagIndex dag = buildAndSave(store);
        DagIndex reloaded = DagStore.open(kv, PARAMS).load();
        assertThat(reloaded.state()).isEqualTo(dag.state());
        assertThat(reloaded.canonicalOrder()).isEqualTo(dag.canonicalOrder());
        for (BlockAtHeight b : dag.canonicalOrder()) {
            assertThat(reloaded.children(b.hash())).containsExactlyInAnyOrderElementsOf(dag.children(b.hash()));
            assertThat(store.block(b.hash())).isEqualTo(dag.get(b.hash()));
            assertThat(store.contains(b.hash())).isTrue();
        }
    }

    @Test
    void aRocksDbStoreSurvivesCloseAndReopen() {
        Path dir = tmp.resolve("dag");
        DagIndex dag;
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            dag = buildAndSave(DagStore.open(kv, PARAMS));
        }
        try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir)) {
            DagIndex reloaded = DagStore.open(kv, PARAMS).load();
            assertThat(reloaded.state()).isEqualTo(dag.state());
            assertThat(reloaded.canonicalOrder()).isEqualTo(dag.canonicalOrder());
        }
    }

    @Test
    void eachSaveIsOneAtomicBatchOfBodyAndOrderEntry() {
        BatchCountingStore kv = new BatchCountingStore();
        DagStore store = DagStore.open(kv, PARAMS);
        DagIndex dag = DagIndex.create(PARAMS);
        store.save(mineAndAdd(dag, "x"));
        assertThat(kv.batchSizes).containsExactly(4, 2); // open: meta and genesis; save: body and order entry
        assertThat(kv.singleWrites).isZero();
    }

    @Test
    void anotherNetworksStoreIsRefused() {
        KeyValueStore kv = new InMemoryKeyValueStore();
        DagStore.open(kv, PARAMS);
        DagParameters other = new DagParameters("otherdag", 1, 1, GENESIS, PARAMS.powBits(), 8, 7200);
        assertThatThrownBy(() -> DagStore.open(kv, other)).isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("holds a dagtest DAG, not otherdag");
    }

    @Test
    void aCorruptBodyOrAMissingParentIsAStoreException() {
        KeyValueStore kv = new InMemoryKeyValueStore();
        DagStore store = DagStore.open(kv, PARAMS);
        DagIndex dag = DagIndex.create(PARAMS);
        DagBlock a = mineAndAdd(dag, "a");
        DagBlock b = mineAndAdd(dag, "b");
        store.save(b); // without its parent a
        assertThatThrownBy(store::load).isInstanceOf(StoreException.class).hasMessageContaining("lacks parents [" + a.hash() + "]");
        store.save(a);
        assertThat(store.load().state()).isEqualTo(dag.state());
        kv.put(DagStore.blockKey(a.hash()), new byte[] {1, 2, 3});
        assertThatThrownBy(store::load).isInstanceOf(StoreException.class).hasMessageContaining("does not decode");
        kv.put(DagStore.blockKey(a.hash()), b.serialize());
        assertThatThrownBy(store::load).isInstanceOf(StoreException.class).hasMessageContaining("hashes to " + b.hash());
    }

    @Test
    void orderKeysSortInCanonicalOrder() {
        DagIndex dag = DagIndex.create(PARAMS);
        for (int i = 0; i < 5; i++) {
            dag.add(mineOn(dag, "s" + i, GENESIS.hash()));
        }
        List<BlockAtHeight> order = dag.canonicalOrder();
        for (int i = 1; i < order.size(); i++) {
            assertThat(java.util.Arrays.compareUnsigned(DagStore.orderKey(order.get(i - 1)), DagStore.orderKey(order.get(i))))
                    .isNegative();
        }
    }

    /** Records the size of each batch written; single puts and deletes are counted apart. */
    private static final class BatchCountingStore implements KeyValueStore {
        private final InMemoryKeyValueStore inner = new InMemoryKeyValueStore();
        final List<Integer> batchSizes = new ArrayList<>();
        int singleWrites;

        @Override
        public Optional<byte[]> get(byte[] key) {
            return inner.get(key);
        }

        @Override
        public boolean contains(byte[] key) {
            return inner.contains(key);
        }

        @Override
        public void put(byte[] key, byte[] value) {
            singleWrites++;
            inner.put(key, value);
        }

        @Override
        public void delete(byte[] key) {
            singleWrites++;
            inner.delete(key);
        }

        @Override
        public void write(WriteBatch batch) {
            batchSizes.add(batch.size());
            inner.write(batch);
        }

        @Override
        public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
            inner.scan(fromInclusive, toExclusive, visitor);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
