package dev.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@link KeyValueStore} contract; each implementation's test extends this class. */
abstract class KeyValueStoreContract {
    private static final HexFormat HEX = HexFormat.of();

    protected KeyValueStore store;

    /** A new, empty store. */
    protected abstract KeyValueStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] b(String hex) {
        return HEX.parseHex(hex);
    }

    /** Every entry of a scan as "key=value" in hex, in visiting order. */
    static List<String> scanAll(KeyValueStore s, byte[] from, byte[] to) {
        List<String> out = new ArrayList<>();
        s.scan(from, to, (k, v) -> out.add(HEX.formatHex(k) + "=" + HEX.formatHex(v)));
        return out;
    }

    static List<String> scanPrefix(KeyValueStore s, byte[] prefix) {
        List<String> out = new ArrayList<>();
        s.scanPrefix(prefix, (k, v) -> out.add(HEX.formatHex(k) + "=" + HEX.formatHex(v)));
        return out;
    }

    /** A keys-only scan visits the keys a scan visits, in the same order, and stops where its visitor says. */
    @Test
    void scanKeysVisitsTheKeysOfAScan() {
        for (String k : List.of("01", "0100", "02", "0201", "03", "ff")) {
            store.put(b(k), b("aa" + k));
        }
        KeyValueStore space = store.keyspace("k");
        space.put(b("02"), b("bb"));
        for (byte[][] range : List.of(new byte[][] {b("00"), null}, new byte[][] {b("0100"), b("03")},
                new byte[][] {b("02"), b("02")})) {
            List<String> keys = new ArrayList<>();
            store.scanKeys(range[0], range[1], k -> keys.add(HEX.formatHex(k)));
            List<String> expected = scanAll(store, range[0], range[1]).stream().map(e -> e.substring(0, e.indexOf('='))).toList();
            assertThat(keys).isEqualTo(expected);
        }
        List<String> first = new ArrayList<>();
        store.scanKeys(b("00"), null, k -> first.add(HEX.formatHex(k)) && first.size() < 2);
        assertThat(first).containsExactly("01", "0100");
        List<String> inSpace = new ArrayList<>();
        space.scanKeys(b("00"), null, k -> inSpace.add(HEX.formatHex(k)));
        assertThat(inSpace).containsExactly("02");
    }

    @Test
    void putGetOverwriteDelete() {
        assertThat(store.get(b("01"))).isEmpty();
        assertThat(store.contains(b("01"))).isFalse();

        store.put(b("01"), b("aa"));
        assertThat(store.get(b("01"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("aa")));
        assertThat(store.contains(b("01"))).isTrue();
        assertThat(store.get(b("0100"))).isEmpty();

        store.put(b("01"), b("bbbb"));
        assertThat(store.get(b("01"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("bbbb")));

        store.delete(b("01"));
        assertThat(store.get(b("01"))).isEmpty();
        assertThat(store.contains(b("01"))).isFalse();
        store.delete(b("01")); // deleting an absent key is fine
    }

    @Test
    void emptyKeysAndValuesAreValues() {
        store.put(new byte[0], new byte[0]);
        store.put(b("02"), new byte[0]);
        assertThat(store.get(new byte[0])).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(store.contains(b("02"))).isTrue();
        assertThat(scanPrefix(store, new byte[0])).containsExactly("=", "02=");
    }

    @Test
    void nullsAreRejected() {
        assertThatThrownBy(() -> store.put(null, b("00"))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.put(b("00"), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new WriteBatch().put(b("00"), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void callersArraysAreCopiedInAndOut() {
        byte[] key = b("10");
        byte[] value = b("aabb");
        store.put(key, value);
        key[0] = 0x11;
        value[0] = 0;
        assertThat(store.get(b("11"))).isEmpty();
        byte[] read = store.get(b("10")).orElseThrow();
        assertThat(read).isEqualTo(b("aabb"));
        read[0] = 0;
        assertThat(store.get(b("10")).orElseThrow()).isEqualTo(b("aabb"));

        byte[] batchKey = b("20");
        byte[] batchValue = b("cc");
        WriteBatch batch = new WriteBatch().put(batchKey, batchValue);
        batchKey[0] = 0x21;
        batchValue[0] = 0;
        store.write(batch);
        assertThat(store.get(b("20")).orElseThrow()).isEqualTo(b("cc"));
        assertThat(store.get(b("21"))).isEmpty();

        store.scanPrefix(new byte[0], (k, v) -> {
            k[0] = 0x7f;
            v[0] = 0x7f;
            return true;
        });
        assertThat(scanPrefix(store, new byte[0])).containsExactly("10=aabb", "20=cc");
    }

    @Test
    void batchAppliesItsOperationsInOrder() {
        store.put(b("03"), b("03"));
        WriteBatch batch = new WriteBatch()
                .put(b("01"), b("aa"))
                .delete(b("01"))
                .put(b("02"), b("aa"))
                .put(b("02"), b("bb"))
                .delete(b("03"))
                .put(b("04"), b("cc"));
        assertThat(batch.size()).isEqualTo(6);
        store.write(batch);
        assertThat(scanPrefix(store, new byte[0])).containsExactly("02=bb", "04=cc");

        store.write(new WriteBatch()); // empty: nothing happens
        assertThat(scanPrefix(store, new byte[0])).containsExactly("02=bb", "04=cc");
    }

    @Test
    void aBatchIsNotVisibleBeforeItIsWritten() {
        WriteBatch batch = new WriteBatch().put(b("01"), b("01"));
        assertThat(store.contains(b("01"))).isFalse();
        store.write(batch);
        assertThat(store.contains(b("01"))).isTrue();
    }

    /**
     * A writer thread rewrites ten keys to the same counter value in each batch; concurrent scans must
     * never see two different values, that is half a batch.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentScansSeeWholeBatchesOnly() throws Exception {
        int keys = 10;
        int batches = 2000;
        WriteBatch first = new WriteBatch();
        for (int k = 0; k < keys; k++) {
            first.put(new byte[] {0x42, (byte) k}, counter(0));
        }
        store.write(first);
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 1; i <= batches; i++) {
                    WriteBatch batch = new WriteBatch();
                    for (int k = 0; k < keys; k++) {
                        batch.put(new byte[] {0x42, (byte) k}, counter(i));
                    }
                    store.write(batch);
                }
            } finally {
                done.set(true);
            }
        });
        int scans = 0;
        while (!done.get() || scans < 10) {
            List<String> values = new ArrayList<>();
            store.scanPrefix(new byte[] {0x42}, (k, v) -> values.add(HEX.formatHex(v)));
            assertThat(values).hasSize(keys);
            assertThat(values.stream().distinct()).as("scan %d saw half a batch", scans).hasSize(1);
            scans++;
        }
        writer.get();
        assertThat(scanPrefix(store, new byte[] {0x42})).allSatisfy(e -> assertThat(e).endsWith("=" + "000007d0"));
    }

    private static byte[] counter(int i) {
        return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    @Test
    void scanOrderIsUnsignedLexicographic() {
        for (String k : List.of("ff", "80", "7f", "00", "ff00", "0000", "8001", "01")) {
            store.put(b(k), b("00"));
        }
        List<String> keys = new ArrayList<>();
        store.scanPrefix(new byte[0], (k, v) -> keys.add(HEX.formatHex(k)));
        assertThat(keys).containsExactly("00", "0000", "01", "7f", "80", "8001", "ff", "ff00");
    }

    @Test
    void prefixScanStaysWithinThePrefix() {
        for (String k : List.of("7e", "7eff", "7f", "7f00", "7fff", "7fffff", "80", "8000", "fe", "feff", "ff",
                "ff00", "ffff", "ffffff")) {
            store.put(b(k), b(k));
        }
        assertThat(keysOf(scanPrefix(store, b("7f")))).containsExactly("7f", "7f00", "7fff", "7fffff");
        assertThat(keysOf(scanPrefix(store, b("7fff")))).containsExactly("7fff", "7fffff");
        assertThat(keysOf(scanPrefix(store, b("ff")))).containsExactly("ff", "ff00", "ffff", "ffffff");
        assertThat(keysOf(scanPrefix(store, b("ffff")))).containsExactly("ffff", "ffffff");
        assertThat(keysOf(scanPrefix(store, b("fe")))).containsExactly("fe", "feff");
        assertThat(keysOf(scanPrefix(store, b("00")))).isEmpty();
        assertThat(scanPrefix(store, new byte[0])).hasSize(14);
    }

    private static List<String> keysOf(List<String> entries) {
        return entries.stream().map(e -> e.substring(0, e.indexOf('='))).toList();
    }

    @Test
    void rangeScanIsHalfOpenAndStopsWhenTheVisitorSaysSo() {
        for (int i = 0; i < 10; i++) {
            store.put(new byte[] {(byte) i}, new byte[] {(byte) i});
        }
        assertThat(keysOf(scanAll(store, b("03"), b("06")))).containsExactly("03", "04", "05");
        assertThat(keysOf(scanAll(store, b("0300"), b("05")))).containsExactly("04");
        assertThat(keysOf(scanAll(store, b("08"), null))).containsExactly("08", "09");
        assertThat(scanAll(store, b("06"), b("03"))).isEmpty();
        assertThat(scanAll(store, b("03"), b("03"))).isEmpty();

        List<String> visited = new ArrayList<>();
        store.scanPrefix(new byte[0], (k, v) -> {
            visited.add(HEX.formatHex(k));
            return visited.size() < 3;
        });
        assertThat(visited).containsExactly("00", "01", "02");
    }

    @Test
    void aScanDoesNotSeeWritesMadeWhileItRuns() {
        store.put(b("01"), b("01"));
        store.put(b("03"), b("03"));
        List<String> visited = new ArrayList<>();
        store.scanPrefix(new byte[0], (k, v) -> {
            visited.add(HEX.formatHex(k) + "=" + HEX.formatHex(v));
            store.put(b("02"), b("02"));
            store.put(b("03"), b("33"));
            store.delete(b("01"));
            return true;
        });
        assertThat(visited).containsExactly("01=01", "03=03");
        assertThat(scanPrefix(store, new byte[0])).containsExactly("02=02", "03=33");
    }

    @Test
    void aVisitorsExceptionEndsTheScanAndPropagates() {
        store.put(b("01"), b("01"));
        assertThatThrownBy(() -> store.scanPrefix(new byte[0], (k, v) -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(store.contains(b("01"))).isTrue();
    }

    @Test
    void aClosedStoreRefusesEveryOperationAndClosesOnce() {
        store.put(b("01"), b("01"));
        store.close();
        store.close();
        assertThatThrownBy(() -> store.get(b("01"))).isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.contains(b("01"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.put(b("01"), b("02"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.delete(b("01"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.write(new WriteBatch().put(b("02"), b("02"))))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.scanPrefix(new byte[0], (k, v) -> true)).isInstanceOf(StoreException.class);
    }

    @Test
    void keyspacesKeepTheirOwnKeysApartFromEachOtherAndFromTheRoot() {
        KeyValueStore chain = store.keyspace("chain");
        KeyValueStore dag = store.keyspace("dag");
        chain.put(b("6d"), b("01"));
        dag.put(b("6d"), b("02"));
        store.put(b("6d"), b("03"));
        assertThat(chain.get(b("6d"))).hasValueSatisfying(v -> assertThat(v).containsExactly(1));
        assertThat(dag.get(b("6d"))).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
        assertThat(store.get(b("6d"))).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
        assertThat(scanAll(chain, b("00"), null)).containsExactly("6d=01");
        dag.write(new WriteBatch().put(b("01"), b("aa")).delete(b("6d")));
        assertThat(scanAll(dag, b("00"), null)).containsExactly("01=aa");
        assertThat(chain.contains(b("01"))).isFalse();
    }

    @Test
    void closingAKeyspaceEndsThatViewOnlyAndANewViewSeesItsKeys() {
        KeyValueStore chain = store.keyspace("chain");
        chain.put(b("01"), b("02"));
        chain.close();
        assertThatThrownBy(() -> chain.get(b("01"))).isInstanceOf(StoreException.class);
        store.put(b("05"), b("06"));
        assertThat(store.keyspace("chain").get(b("01"))).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
    }

    @Test
    void closingTheStoreClosesItsKeyspaces() {
        KeyValueStore chain = store.keyspace("chain");
        store.close();
        assertThatThrownBy(() -> chain.get(b("01"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.keyspace("dag")).isInstanceOf(StoreException.class);
        store = newStoreQuietly();
    }

    private KeyValueStore newStoreQuietly() {
        try {
            return newStore();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
