package dev.tributary.oplog.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.cid.Cid;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of the value model, and any bytes giving a value or a clear error. */
class DagCborPropertiesTest {

    @Property(tries = 500)
    void encodeThenDecodeGivesTheValueAndReencodesToTheSameBytes(@ForAll("values") Object value) {
        byte[] bytes = DagCbor.encode(value);
        Object back = DagCbor.decode(bytes);
        assertThat(deepEquals(back, value)).as("%s decoded as %s", value, back).isTrue();
        assertThat(DagCbor.encode(back)).isEqualTo(bytes);
    }

    @Property(tries = 2000)
    void anyBytesGiveAValueOrANamedRule(@ForAll byte[] bytes) {
        try {
            Object value = DagCbor.decode(bytes);
            assertThat(DagCbor.encode(value)).as("whatever decodes is canonical").isEqualTo(bytes);
        } catch (NonCanonicalCborException e) {
            assertThat(e.rule()).isNotNull();
            assertThat(e.getMessage()).contains(" at offset ");
        }
    }

    @Property(tries = 500)
    void flippingAByteOfACanonicalBlockGivesCanonicalBytesOrARule(@ForAll("values") Object value,
            @ForAll int position, @ForAll byte replacement) {
        byte[] bytes = DagCbor.encode(value);
        int at = Math.floorMod(position, bytes.length);
        bytes[at] = replacement;
        try {
            assertThat(DagCbor.encode(DagCbor.decode(bytes))).isEqualTo(bytes);
        } catch (NonCanonicalCborException e) {
            assertThat(e.rule()).isNotNull();
        }
    }

    @Property(tries = 500)
    void cuttingKeysOutOfACanonicalMapGivesTheEncodingOfTheSmallerMap(
            @ForAll("maps") Map<String, Object> map, @ForAll("keySubsets") List<Integer> picks) {
        List<String> keys = List.copyOf(map.keySet());
        java.util.Set<String> removed = new java.util.HashSet<>();
        for (int p : picks) {
            if (!keys.isEmpty()) {
                removed.add(keys.get(Math.floorMod(p, keys.size())));
            }
        }
        removed.add("absent key");
        Map<String, Object> rest = new LinkedHashMap<>(map);
        rest.keySet().removeAll(removed);
        assertThat(DagCbor.mapWithout(DagCbor.encode(map), removed)).isEqualTo(DagCbor.encode(rest));
    }

    @Provide
    Arbitrary<Map<String, Object>> maps() {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(30), values()).ofMaxSize(30)
                .map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<List<Integer>> keySubsets() {
        return Arbitraries.integers().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.longs().map(Object.class::cast),
                () -> Arbitraries.bigIntegers().between(
                        new java.math.BigInteger("-18446744073709551616"),
                        new java.math.BigInteger("18446744073709551615")).map(Object.class::cast),
                () -> Arbitraries.strings().ofMaxLength(30).map(Object.class::cast),
                () -> Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Object.class::cast),
                () -> Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast),
                () -> Arbitraries.just(null),
                () -> Arbitraries.bytes().array(byte[].class).ofSize(3).map(b -> (Object) Cid.of(b)),
                () -> values().list().ofMaxSize(4).map(Object.class::cast),
                () -> Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), values()).ofMaxSize(4)
                        .map(m -> (Object) new LinkedHashMap<>(m)));
    }

    /** Equality of the value model: byte arrays by content, integers by value whatever their Java type. */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigInteger(x.toString()).equals(new java.math.BigInteger(y.toString()));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!deepEquals(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
