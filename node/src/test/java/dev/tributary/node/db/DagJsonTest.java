package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.http.JsonSyntax;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** JSON to dag-cbor values and back: a round trip through canonical bytes keeps every JSON value; floats refused. */
class DagJsonTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Property(tries = 100)
    void jsonSurvivesDagCborBytes(@ForAll("json") JsonNode json) {
        Object value = DagJson.toValue(json);
        Object decoded = DagCbor.decode(DagCbor.encode(value));
        assertThat(DagJson.toJson(decoded)).isEqualTo(json);
        assertThat(DagJson.toJson(DagJson.parse(DagJson.write(decoded)))).isEqualTo(json);
    }

    /** JSON values nested at most 4 levels deep: an unbounded lazy recursion could grow without end. */
    @Provide
    Arbitrary<JsonNode> json() {
        return json(4);
    }

    private Arbitrary<JsonNode> json(int depth) {
        if (depth == 0) {
            return leaf();
        }
        return Arbitraries.lazyOf(this::leaf, this::leaf, this::leaf, () -> array(depth - 1),
                () -> object(depth - 1));
    }

    private Arbitrary<JsonNode> leaf() {
        Cid cid = Cid.of(DagCbor.encode(Map.of("a", 1L)));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
                Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(64).negate(),
                        BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)).map(DagJsonTest::integer),
                Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b)),
                Arbitraries.just((JsonNode) F.nullNode()),
                Arbitraries.just(DagJson.toJson(cid)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(DagJson::toJson));
    }

    private static JsonNode integer(BigInteger b) {
        return b.bitLength() < 64 ? F.numberNode(b.longValue()) : F.numberNode(b);
    }

    private Arbitrary<JsonNode> array(int depth) {
        return json(depth).list().ofMaxSize(4).map(l -> {
            ArrayNode a = F.arrayNode();
            l.forEach(a::add);
            return a;
        });
    }

    private Arbitrary<JsonNode> object(int depth) {
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(2).ofMaxLength(6), json(depth)).ofMaxSize(4)
                .map(m -> {
                    ObjectNode o = F.objectNode();
                    m.forEach(o::set);
                    return o;
                });
    }

    @Test
    void mapsJsonToTheValueModel() {
        Object v = DagJson.parse("{\"s\": \"x\", \"n\": -3, \"b\": true, \"z\": null, \"l\": [1, {\"k\": \"v\"}],"
                + " \"big\": 18446744073709551615}");
        assertThat(v).isEqualTo(new java.util.LinkedHashMap<>(Map.of("s", "x", "n", -3L, "b", true, "l",
                List.of(1L, Map.of("k", "v")), "big", new BigInteger("18446744073709551615"))) {
            {
                put("z", null);
            }
        });
        Cid cid = Cid.of(DagCbor.encode("x"));
        assertThat(DagJson.parse("{\"/\": \"" + cid + "\"}")).isEqualTo(cid);
        assertThat(DagJson.parse("{\"/\": {\"bytes\": \"AQI\"}}")).isEqualTo(new byte[] {1, 2});
    }

    @Test
    void refusesWhatDagCborCannotHold() {
        assertThatThrownBy(() -> DagJson.parse("{\"price\": 1.5}")).hasMessageContaining("1.5 at $.price")
                .hasMessageContaining("no floats");
        assertThatThrownBy(() -> DagJson.parse("[1e3]")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> DagJson.parse("18446744073709551616")).hasMessageContaining("does not fit in 64 bits");
        assertThatThrownBy(() -> DagJson.parse("{\"a\": 1, \"a\": 2}"))
                .hasMessage("not JSON: the field \"a\" appears twice in one object (line 1, column 13)");
        assertThatThrownBy(() -> DagJson.parse("{\"/\": \"nope\"}")).hasMessageContaining("is not a CID");
        assertThatThrownBy(() -> DagJson.parse("{\"/\": 3}")).hasMessageContaining("is a link");
        assertThatThrownBy(() -> DagJson.parse("{\"a\": ")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> DagJson.parse("")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> DagJson.parse("[".repeat(200) + "]".repeat(200)))
                .hasMessageContaining("deeper than");
    }

    @Test
    void malformedJsonIsDescribedInJsonsTermsWithoutJavaNames() {
        for (String bad : List.of("!!", "A", "AB=C", "é")) {
            assertThatThrownBy(() -> DagJson.parse("{\"/\": {\"bytes\": \"" + bad + "\"}}")).as(bad)
                    .hasMessageStartingWith("the bytes at $ are not base64 (").message().doesNotContain("Illegal")
                    .doesNotContain("unit");
        }
        assertThatThrownBy(() -> DagJson.parse("\"a\" \"b\""))
                .hasMessage("not JSON: more follows the value (one JSON value only) (line 1, column 5)");
        assertThatThrownBy(() -> DagJson.parse("[1,2"))
                .hasMessage("not JSON: expected ] to close the array opened at line 1, column 1, found the end of the text"
                        + " (line 1, column 5)");
        assertThatThrownBy(() -> DagJson.parse("[\n  1,\n  blue\n]"))
                .hasMessage("not JSON: expected " + JsonSyntax.A_VALUE + ", found 'blue' (line 3, column 3)");
        assertThatThrownBy(() -> DagJson.parse("{\"a\": x}"))
                .hasMessage("not JSON: expected a value (a string in double quotes, a number, an object, an array, true,"
                        + " false or null), found 'x' (line 1, column 7)");
        for (String bad : List.of("\"a\" \"b\"", "[1,2", "{\"a\":", "{a:1}", "blue", "{\"a\": 1, \"a\": 2}", "[1]]",
                "\"\\q\"", "{\"a\" 1}", "\u0000")) {
            assertThatThrownBy(() -> DagJson.parse(bad)).as(bad).hasMessageStartingWith("not JSON: ")
                    .message().doesNotContain("`").doesNotContain("Source").doesNotContainPattern("\\b[a-z]+\\.[a-z]+\\.")
                    .doesNotContain("Unexpected").doesNotContain("Unrecognized").doesNotContain("token")
                    .doesNotContain("marker").doesNotContain("code ").doesNotContain("Duplicate")
                    .matches("not JSON: .* \\(line \\d+, column \\d+\\)");
        }
    }
}
