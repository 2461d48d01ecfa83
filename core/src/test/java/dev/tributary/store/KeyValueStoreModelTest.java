package dev.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of puts, deletes and batches applied to both stores and to a reference model (a
 * {@link TreeMap} in unsigned order) leave the same entries: same point reads, same prefix scans, same
 * range scans. Keys are drawn from bytes at the signed/unsigned edges (00 01 7f 80 fe ff), up to three
 * long, so prefixes collide, extend each other and sit at the 0xff boundary.
 */
class KeyValueStoreModelTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ALPHABET = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

    sealed interface Op permits Put, Delete, Batch {
    }

    record Put(byte[] key, byte[] value) implements Op {
        @Override
        public String toString() {
            return "put " + HEX.formatHex(key) + "=" + HEX.formatHex(value);
        }
    }

    record Delete(byte[] key) implements Op {
        @Override
        public String toString() {
            return "delete " + HEX.formatHex(key);
        }
    }

    record Batch(List<Op> ops) implements Op {
        @Override
        public String toString() {
            return "batch" + ops;
        }
    }

    @Property(tries = 150)
    void bothStoresBehaveLikeASortedMap(@ForAll("operations") List<Op> ops,
            @ForAll("keys") byte[] rangeFrom, @ForAll("keys") byte[] rangeTo) {
        NavigableMap<byte[], byte[]> model = new TreeMap<>(ByteKeys.ORDER);
        Path dir = TempDirs.create("kv-model");
        try (KeyValueStore memory = new InMemoryKeyValueStore();
                KeyValueStore rocks = RocksDbKeyValueStore.open(dir)) {
            for (Op op : ops) {
                applyToModel(model, op);
                applyToStore(memory, op);
                applyToStore(rocks, op);
            }
            for (KeyValueStore store : List.of(memory, rocks)) {
                for (byte[] prefix : allKeysUpTo(2)) {
                    byte[] end = ByteKeys.prefixEnd(prefix);
                    Map<byte[], byte[]> expected = end == null ? model.tailMap(prefix, true)
                            : model.subMap(prefix, true, end, false);
                    assertThat(KeyValueStoreContract.scanPrefix(store, prefix))
                            .as("%s, prefix %s", store, HEX.formatHex(prefix))
                            .containsExactlyElementsOf(render(expected));
                }
                for (byte[] key : allKeysUpTo(3)) {
                    assertThat(store.get(key).map(HEX::formatHex))
                            .as("%s, get %s", store, HEX.formatHex(key))
                            .isEqualTo(java.util.Optional.ofNullable(model.get(key)).map(HEX::formatHex));
                    assertThat(store.contains(key)).isEqualTo(model.containsKey(key));
                }
                Map<byte[], byte[]> range = ByteKeys.ORDER.compare(rangeFrom, rangeTo) >= 0 ? Map.of()
                        : model.subMap(rangeFrom, true, rangeTo, false);
                assertThat(KeyValueStoreContract.scanAll(store, rangeFrom, rangeTo))
                        .containsExactlyElementsOf(render(range));
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static void applyToModel(NavigableMap<byte[], byte[]> model, Op op) {
        if (op instanceof Put p) {
            model.put(p.key(), p.value());
        } else if (op instanceof Delete d) {
            model.remove(d.key());
        } else if (op instanceof Batch b) {
            b.ops().forEach(inner -> applyToModel(model, inner));
        }
    }

    private static void applyToStore(KeyValueStore store, Op op) {
        if (op instanceof Put p) {
            store.put(p.key(), p.value());
        } else if (op instanceof Delete d) {
            store.delete(d.key());
        } else if (op instanceof Batch b) {
            WriteBatch batch = new WriteBatch();
            for (Op inner : b.ops()) {
                if (inner instanceof Put p) {
                    batch.put(p.key(), p.value());
                } else if (inner instanceof Delete d) {
                    batch.delete(d.key());
                }
            }
            store.write(batch);
        }
    }

    private static List<String> render(Map<byte[], byte[]> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach((k, v) -> out.add(HEX.formatHex(k) + "=" + HEX.formatHex(v)));
        return out;
    }

    private static List<byte[]> allKeysUpTo(int length) {
        List<byte[]> keys = new ArrayList<>();
        keys.add(new byte[0]);
        List<byte[]> previous = List.of(new byte[0]);
        for (int len = 1; len <= length; len++) {
            List<byte[]> next = new ArrayList<>();
            for (byte[] p : previous) {
                for (byte b : ALPHABET) {
                    byte[] k = java.util.Arrays.copyOf(p, len);
                    k[len - 1] = b;
                    next.add(k);
                }
            }
            keys.addAll(next);
            previous = next;
        }
        return keys;
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.of(ALPHABET[0], ALPHABET[1], ALPHABET[2], ALPHABET[3], ALPHABET[4], ALPHABET[5])
                .list().ofMaxSize(3)
                .map(list -> {
                    byte[] k = new byte[list.size()];
                    for (int i = 0; i < k.length; i++) {
                        k[i] = list.get(i);
                    }
                    return k;
                });
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(3);
        Arbitrary<Op> put = Combinators.combine(keys(), values).as(Put::new);
        Arbitrary<Op> delete = keys().map(Delete::new);
        Arbitrary<Op> single = Arbitraries.frequencyOf(Tuple.of(3, put), Tuple.of(1, delete));
        Arbitrary<Op> batch = single.list().ofMaxSize(8).map(Batch::new);
        return Arbitraries.frequencyOf(Tuple.of(3, single), Tuple.of(1, batch)).list().ofMaxSize(40);
    }
}
