package dev.tributary.node.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.http.JsonSyntax;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to the dag-cbor value model of {@link DagCbor} and back, as DAG-JSON maps them: objects to maps, arrays to
 * lists, strings, whole numbers (to 64 bits: {@code Long}, or {@code BigInteger} from 2^63 to 2^64-1 and down to
 * -2^64), {@code true}/{@code false} and {@code null} as themselves; a link is {@code {"/": "zdpu..."}} (a CID) and
 * bytes are {@code {"/": {"bytes": "<base64 without padding>"}}}. Strict dag-cbor has no floats, so a number with a
 * fraction or an exponent is refused, as are duplicate keys and nesting deeper than {@link DagCbor#MAX_DEPTH}.
 *
 * <p>Each refusal is an {@link IllegalArgumentException} whose message says where in the value ({@code $.a[2]})
 * and what is wrong, in JSON's terms.
 */
public final class DagJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final BigInteger MIN = BigInteger.ONE.shiftLeft(64).negate();
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private DagJson() {
    }

    /** The mapper this class parses with (duplicate keys refused, nothing after the value). */
    public static ObjectMapper mapper() {
        return JSON;
    }

    /**
     * Parses JSON text into a dag-cbor value.
     *
     * @throws IllegalArgumentException when the text is not JSON or its value has no dag-cbor form
     */
    public static Object parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + JsonSyntax.describe(e));
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("not JSON: the text is empty");
        }
        return toValue(node);
    }

    /** The dag-cbor value of a JSON tree. */
    public static Object toValue(JsonNode node) {
        return toValue(node, "$", 0);
    }

    private static Object toValue(JsonNode node, String path, int depth) {
        if (depth > DagCbor.MAX_DEPTH) {
            throw new IllegalArgumentException("the value nests deeper than " + DagCbor.MAX_DEPTH + " levels at " + path);
        }
        switch (node.getNodeType()) {
            case NULL:
                return null;
            case BOOLEAN:
                return node.booleanValue();
            case STRING:
                return node.textValue();
            case NUMBER:
                return number(node, path);
            case ARRAY: {
                List<Object> out = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    out.add(toValue(node.get(i), path + "[" + i + "]", depth + 1));
                }
                return out;
            }
            case OBJECT:
                return object((ObjectNode) node, path, depth);
            default:
                throw new IllegalArgumentException("the value at " + path + " has no dag-cbor form");
        }
    }

    private static Object number(JsonNode node, String path) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("the number " + node.asText() + " at " + path
                    + " is not a whole number: dag-cbor here has no floats (write it as a string, or scaled to a whole"
                    + " number)");
        }
        BigInteger big = node.bigIntegerValue();
        if (big.bitLength() < 64) {
            return big.longValue();
        }
        if (big.compareTo(MIN) < 0 || big.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the number " + big + " at " + path
                    + " does not fit in 64 bits (-2^64 .. 2^64-1), the range of dag-cbor integers");
        }
        return big;
    }

    private static Object object(ObjectNode node, String path, int depth) {
        JsonNode slash = node.get("/");
        if (slash != null && node.size() == 1) {
            if (slash.isTextual()) {
                try {
                    return Cid.parse(slash.textValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the link at " + path + " is not a CID: " + e.getMessage());
                }
            }
            JsonNode bytes = slash.get("bytes");
            if (slash.isObject() && slash.size() == 1 && bytes != null && bytes.isTextual()) {
                try {
                    return Base64.getDecoder().decode(bytes.textValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the bytes at " + path + " are not base64 (the letters A-Z and"
                            + " a-z, the digits, + and /, in groups that make whole bytes; no padding needed)");
                }
            }
            throw new IllegalArgumentException("an object whose only key is \"/\" (at " + path + ") is a link"
                    + " {\"/\": \"<CID>\"} or bytes {\"/\": {\"bytes\": \"<base64>\"}}");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), toValue(f.getValue(), path + "." + f.getKey(), depth + 1));
        }
        return out;
    }

    /**
     * The JSON tree of a dag-cbor value ({@link DagCbor#decode}'s model).
     *
     * @throws IllegalArgumentException for an object outside the model
     */
    public static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (value instanceof Cid c) {
            ObjectNode link = NODES.objectNode();
            link.put("/", c.toString());
            return link;
        }
        if (value instanceof byte[] bytes) {
            ObjectNode b = NODES.objectNode();
            b.putObject("/").put("bytes", Base64.getEncoder().withoutPadding().encodeToString(bytes));
            return b;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            for (Object o : list) {
                out.add(toJson(o));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.set(String.valueOf(e.getKey()), toJson(e.getValue()));
            }
            return out;
        }
        throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " has no JSON form here");
    }

    /** The JSON text of a dag-cbor value. */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(toJson(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

}
