package dev.tributary.dag.store;

import dev.tributary.dag.DagParameters;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagIndex;
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
            assertThat(store.block(b.hash()).map(DagBlock::header)).isEqualTo(dag.header(b.hash()));
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
        DagBlock x = mineAndAdd(dag, "x");
        store.save(x);
        assertThat(kv.batchSizes).containsExactly(4, 2); // open: meta and genesis; save: body and order entry
        assertThat(kv.singleWrites).isZero();
        assertThat(kv.get(DagStore.orderKey(BlockAtHeight.of(x)))).hasValueSatisfying(
                v -> assertThat(v).as("the order entry holds the header").isEqualTo(x.header().serialize()));
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
    void aCorruptHeaderOrAMissingParentIsAStoreException() {
        KeyValueStore kv = new InMemoryKeyValueStore();
        DagStore store = DagStore.open(kv, PARAMS);
        DagIndex dag = DagIndex.create(PARAMS);
        DagBlock a = mineAndAdd(dag, "a");
        DagBlock b = mineAndAdd(dag, "b");
        store.save(b); // without its parent a
        assertThatThrownBy(store::load).isInstanceOf(StoreException.class).hasMessageContaining("missing parent " + a.hash());
        store.save(a);
        assertThat(store.load().state()).isEqualTo(dag.state());
        byte[] orderKey = DagStore.orderKey(BlockAtHeight.of(a));
        kv.put(orderKey, new byte[] {1, 2, 3});
        assertThatThrownBy(store::load).isInstanceOf(StoreException.class).hasMessageContaining("does not decode");
        kv.put(orderKey, b.header().serialize());
        assertThatThrownBy(store::load).isInstanceOf(StoreException.class).hasMessageContaining("hashes to " + b.hash());
    }

    @Test
    void loadReadsHeadersOnlyAndABodyIsCheckedWhenRead() {
        KeyValueStore kv = new InMemoryKeyValueStore();
        DagStore store = DagStore.open(kv, PARAMS);
        DagIndex dag = DagIndex.create(PARAMS);
        DagBlock a = mineAndAdd(dag, "a");
        store.save(a);
        kv.put(DagStore.blockKey(a.hash()), new byte[] {1, 2, 3});
        assertThat(store.load().state()).as("no body is read").isEqualTo(dag.state());
        assertThatThrownBy(() -> store.block(a.hash())).isInstanceOf(StoreException.class).hasMessageContaining("does not decode");
        DagBlock b = mineAndAdd(dag, "b");
        kv.put(DagStore.blockKey(a.hash()), b.serialize());
        assertThatThrownBy(() -> store.block(a.hash())).isInstanceOf(StoreException.class)
                .hasMessageContaining("hashes to " + b.hash());
    }

    /** A store written before headers were copied into the order entries: every 'o' value empty. */
    @Test
    void emptyOrderValuesOfEarlierStoresAreReadFromTheBodies() {
        KeyValueStore kv = new InMemoryKeyValueStore();
        DagIndex dag = buildAndSave(DagStore.open(kv, PARAMS));
        List<byte[]> orderKeys = new ArrayList<>();
        kv.scanPrefix(new byte[] {'o'}, (key, value) -> orderKeys.add(key));
        orderKeys.forEach(k -> kv.put(k, new byte[0]));
        DagIndex reloaded = DagStore.open(kv, PARAMS).load();
        assertThat(reloaded.state()).isEqualTo(dag.state());
        assertThat(reloaded.canonicalOrder()).isEqualTo(dag.canonicalOrder());
        kv.delete(DagStore.blockKey(dag.tips().get(0)));
        assertThatThrownBy(() -> DagStore.open(kv, PARAMS).load()).isInstanceOf(StoreException.class)
                .hasMessageContaining("no body for ordered block");
        kv.put(DagStore.blockKey(dag.tips().get(0)), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> DagStore.open(kv, PARAMS).load()).isInstanceOf(StoreException.class)
                .hasMessageContaining("does not decode");
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
        public java.util.List<String> keyspaces() {
            return inner.keyspaces();
        }

        @Override
        public KeyValueStore keyspace(String name) {
            return inner.keyspace(name);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
