package dev.tributary.oplog.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.oplog.cid.Cid;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dag-cbor values (the model of {@code DagCbor}) as the JSON the vectors use, and back: bytes as
 * {@code {"/": {"bytes": "<base64, unpadded>"}}}, a CID as {@code {"/": "<CID text>"}} (dag-json's convention),
 * everything else as itself. JSON trees built here compare equal to trees read from the vectors (numbers are
 * normalised by a round trip through text).
 */
public final class OrbitDbJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrbitDbJson() {
    }

    /** The JSON of a dag-cbor value. */
    public static JsonNode toJson(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(tree(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dag-cbor value of vectors' JSON: integers as {@code Long}, maps as {@code Map<String, Object>}. */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            if (node.size() == 1 && node.has("/")) {
                JsonNode inner = node.get("/");
                if (inner.isObject() && inner.size() == 1 && inner.has("bytes")) {
                    return Base64.getDecoder().decode(inner.get("bytes").asText());
                }
                if (inner.isTextual()) {
                    return Cid.parse(inner.asText());
                }
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                map.put(f.getKey(), fromJson(f.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(fromJson(n)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        throw new IllegalArgumentException("no dag-cbor value for JSON " + node);
    }

    private static JsonNode tree(Object value) {
        var factory = JSON.getNodeFactory();
        if (value == null) {
            return factory.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = factory.objectNode();
            map.forEach((k, v) -> object.set((String) k, tree(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = factory.arrayNode();
            list.forEach(v -> array.add(tree(v)));
            return array;
        }
        if (value instanceof byte[] bytes) {
            ObjectNode inner = factory.objectNode().put("bytes", Base64.getEncoder().withoutPadding().encodeToString(bytes));
            return factory.objectNode().set("/", inner);
        }
        if (value instanceof Cid cid) {
            return factory.objectNode().put("/", cid.toString());
        }
        if (value instanceof String s) {
            return factory.textNode(s);
        }
        if (value instanceof Long l) {
            return factory.numberNode(l);
        }
        if (value instanceof Integer i) {
            return factory.numberNode(i);
        }
        if (value instanceof BigInteger b) {
            return factory.numberNode(b);
        }
        if (value instanceof Boolean b) {
            return factory.booleanNode(b);
        }
        throw new IllegalArgumentException("not a dag-cbor value: " + value.getClass().getSimpleName());
    }
}
