package dev.tributary.oplog.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.oplog.cbor.NonCanonicalCborException.Rule;
import dev.tributary.oplog.cid.Cid;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden bytes of canonical dag-cbor, written by hand from RFC 8949 and the dag-cbor spec, and each rejection. */
class DagCborTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(Object value) {
        return HEX.formatHex(DagCbor.encode(value));
    }

    private static Object decodeHex(String hex) {
        return DagCbor.decode(HEX.parseHex(hex));
    }

    @Test
    void integersTakeTheirShortestHead() {
        assertThat(hex(0L)).isEqualTo("00");
        assertThat(hex(23L)).isEqualTo("17");
        assertThat(hex(24L)).isEqualTo("1818");
        assertThat(hex(255L)).isEqualTo("18ff");
        assertThat(hex(256L)).isEqualTo("190100");
        assertThat(hex(65535L)).isEqualTo("19ffff");
        assertThat(hex(65536L)).isEqualTo("1a00010000");
        assertThat(hex(4294967295L)).isEqualTo("1affffffff");
        assertThat(hex(4294967296L)).isEqualTo("1b0000000100000000");
        assertThat(hex(Long.MAX_VALUE)).isEqualTo("1b7fffffffffffffff");
        assertThat(hex(new BigInteger("18446744073709551615"))).isEqualTo("1bffffffffffffffff");
        assertThat(hex(-1L)).isEqualTo("20");
        assertThat(hex(-24L)).isEqualTo("37");
        assertThat(hex(-25L)).isEqualTo("3818");
        assertThat(hex(-500L)).isEqualTo("3901f3");
        assertThat(hex(Long.MIN_VALUE)).isEqualTo("3b7fffffffffffffff");
        assertThat(hex(new BigInteger("-18446744073709551616"))).isEqualTo("3bffffffffffffffff");
        assertThat(hex(7)).as("an Integer writes as a long").isEqualTo("07");
    }

    @Test
    void integersDecodeToLongAndBeyondToBigInteger() {
        assertThat(decodeHex("1b7fffffffffffffff")).isEqualTo(Long.MAX_VALUE);
        assertThat(decodeHex("1bffffffffffffffff")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(decodeHex("3b7fffffffffffffff")).isEqualTo(Long.MIN_VALUE);
        assertThat(decodeHex("3bffffffffffffffff")).isEqualTo(new BigInteger("-18446744073709551616"));
        assertThat(decodeHex("3901f3")).isEqualTo(-500L);
    }

    @Test
    void stringsBytesAndSimpleValues() {
        assertThat(hex("")).isEqualTo("60");
        assertThat(hex("hello")).isEqualTo("6568656c6c6f");
        assertThat(hex("ü")).isEqualTo("62c3bc");
        assertThat(hex(new byte[] {1, 2, 3})).isEqualTo("43010203");
        assertThat(hex(true)).isEqualTo("f5");
        assertThat(hex(false)).isEqualTo("f4");
        assertThat(hex(null)).isEqualTo("f6");
        assertThat(hex(List.of(1L, List.of(2L, 3L)))).isEqualTo("8201820203");
        assertThat(hex("a".repeat(24))).startsWith("7818");
        assertThat((byte[]) decodeHex("43010203")).containsExactly(1, 2, 3);
    }

    @Test
    void mapKeysSortLengthFirstThenBytewise() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", "x");
        m.put("op", "ADD");
        m.put("key", null);
        assertThat(hex(m)).isEqualTo("a3626f7063414444636b6579f66576616c75656178");
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("b", 1L);
        n.put("aa", 2L);
        n.put("a", 3L);
        assertThat(hex(n)).isEqualTo("a3616103616201626161" + "02");
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) decodeHex("a3626f7063414444636b6579f66576616c75656178");
        assertThat(back.keySet()).containsExactly("op", "key", "value");
    }

    /** Keys OrbitDB repeats are read as shared constants; keys near them (longer, shorter, other case) are not. */
    @Test
    void knownAndNearlyKnownKeysDecodeAlike() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : List.of("v", "i", "id", "ids", "Id", "key", "keys", "sig", "next", "refs", "clock", "clocks",
                "payload", "identity", "identityX", "publicKey", "accessController")) {
            m.put(key, key.length());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) DagCbor.decode(DagCbor.encode(m));
        assertThat(back).isEqualTo(m.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> (long) (int) e.getValue())));
        assertThat(back.keySet()).containsExactlyInAnyOrderElementsOf(m.keySet());
        assertThat(back.keySet().stream().filter(k -> k.equals("payload")).findFirst()).get().isSameAs(
                ((Map<?, ?>) DagCbor.decode(DagCbor.encode(Map.of("payload", 1L)))).keySet().iterator().next());
    }

    @Test
    void aCidIsTag42OverZeroAndItsBytes() {
        Cid cid = Cid.of(new byte[] {(byte) 0xa0});
        String expected = "d82a582500" + HEX.formatHex(cid.bytes());
        assertThat(hex(cid)).isEqualTo(expected);
        assertThat(decodeHex(expected)).isEqualTo(cid);
    }

    @Test
    void floatsAndForeignTypesAreNotWritten() {
        assertThatThrownBy(() -> DagCbor.encode(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("floating-point");
        assertThatThrownBy(() -> DagCbor.encode(Map.of(1L, 2L))).hasMessageContaining("not a string");
        assertThatThrownBy(() -> DagCbor.encode(new Object())).hasMessageContaining("no dag-cbor form");
        assertThatThrownBy(() -> DagCbor.encode(BigInteger.ONE.shiftLeft(64))).hasMessageContaining("64-bit");
        assertThatThrownBy(() -> DagCbor.encode("\ud800")).hasMessageContaining("surrogate");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "INTEGER_WIDTH | 1817 | integer 23 written in 1 byte, not its shortest form at offset 0",
            "INTEGER_WIDTH | 1900ff | integer 255 written in 2 bytes, not its shortest form at offset 0",
            "INTEGER_WIDTH | 1a0000ffff | integer 65535 written in 4 bytes, not its shortest form at offset 0",
            "INTEGER_WIDTH | 1b00000000ffffffff | integer 4294967295 written in 8 bytes, not its shortest form at offset 0",
            "INTEGER_WIDTH | 3817 | integer 23 written in 1 byte, not its shortest form at offset 0",
            "INTEGER_WIDTH | 8178016161 | length of text string 1 written in 1 byte, not its shortest form at offset 1",
            "INDEFINITE_LENGTH | 9f01ff | indefinite-length array at offset 0",
            "INDEFINITE_LENGTH | 7f6161ff | indefinite-length text string at offset 0",
            "INDEFINITE_LENGTH | 5f4101ff | indefinite-length byte string at offset 0",
            "INDEFINITE_LENGTH | bf616101ff | indefinite-length map at offset 0",
            "FLOAT | f93c00 | floating-point number of 2 bytes (floats are not accepted) at offset 0",
            "FLOAT | fa3fc00000 | floating-point number of 4 bytes (floats are not accepted) at offset 0",
            "FLOAT | fb3ff8000000000000 | floating-point number of 8 bytes (floats are not accepted) at offset 0",
            "TAG | c11a514b67b0 | tag 1 (dag-cbor allows only tag 42, a CID) at offset 0",
            "TAG | d82b4100 | tag 43 (dag-cbor allows only tag 42, a CID) at offset 0",
            "BAD_LINK | d82a6161 | tag 42 on something other than a byte string at offset 2",
            "BAD_LINK | d82a420171 | CID in tag 42 without its leading 0x00 (identity multibase) byte at offset 2",
            "TRAILING_BYTES | 0000 | 1 trailing byte after the value at offset 1",
            "TRAILING_BYTES | 000000 | 2 trailing bytes after the value at offset 1",
            "KEY_ORDER | a2616201616101 | map keys out of canonical order (\"a\" after a key that sorts after it) at offset 4",
            "KEY_ORDER | a262616101616202 | map keys out of canonical order (\"b\" after a key that sorts after it) at offset 5",
            "DUPLICATE_KEY | a2616101616102 | duplicate map key \"a\" at offset 4",
            "MAP_KEY_TYPE | a10102 | map key that is an unsigned integer, not a text string at offset 1",
            "MAP_KEY_TYPE | a18001 | map key that is an array, not a text string at offset 1",
            "MAP_KEY_TYPE | a1a001 | map key that is a map, not a text string at offset 1",
            "TRUNCATED | 6568656c6c | text string of length 5 longer than the 4 bytes that remain at offset 0",
            "TRUNCATED | 6261 | text string of length 2 longer than the 1 byte that remains at offset 0",
            "TRUNCATED | 19ff | input ends inside an unsigned integer at offset 0",
            "TRUNCATED | 99 | input ends inside an array at offset 0",
            "TRUNCATED | 9a7fffffff | array of length 2147483647 longer than the 0 bytes that remain at offset 0",
            "TRUNCATED | '' | no value: the input is empty at offset 0",
            "INVALID_UTF8 | 62c328 | text string that is not valid UTF-8 at offset 0",
            "SIMPLE_VALUE | f7 | undefined (not in dag-cbor) at offset 0",
            "SIMPLE_VALUE | f0 | simple value 16 (not in dag-cbor) at offset 0",
            "SIMPLE_VALUE | f820 | simple value in one byte (not in dag-cbor) at offset 0",
            "MALFORMED | ff | break outside an indefinite-length item at offset 0",
            "MALFORMED | 1c | reserved additional information 28 at offset 0",
    })
    void eachNonCanonicalFormIsRejectedWithItsReason(Rule rule, String hex, String message) {
        assertThatThrownBy(() -> decodeHex(hex == null ? "" : hex))
                .isInstanceOfSatisfying(NonCanonicalCborException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void nestingIsBounded() {
        byte[] deep = new byte[DagCbor.MAX_DEPTH + 2];
        java.util.Arrays.fill(deep, (byte) 0x81);
        deep[deep.length - 1] = 0;
        assertThatThrownBy(() -> DagCbor.decode(deep)).isInstanceOfSatisfying(NonCanonicalCborException.class,
                e -> assertThat(e.rule()).isEqualTo(Rule.TOO_DEEP));
        Object nested = 0L;
        for (int i = 0; i < DagCbor.MAX_DEPTH + 1; i++) {
            nested = List.of(nested);
        }
        Object tooDeep = nested;
        assertThatThrownBy(() -> DagCbor.encode(tooDeep)).hasMessageContaining("deeper");
    }

    @Test
    void decodedCollectionsAreUnmodifiable() {
        Object list = decodeHex("8101");
        assertThatThrownBy(() -> ((List<Object>) list).add(2L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
