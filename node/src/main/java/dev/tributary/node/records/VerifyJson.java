package dev.tributary.node.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.http.JsonSyntax;
import dev.tributary.records.KeyRange;
import dev.tributary.records.verify.RangeFingerprint;
import dev.tributary.records.verify.RowHash;
import dev.tributary.records.verify.VerifyAnswer;
import dev.tributary.records.verify.VerifyRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON bodies of the verify routes ({@code docs/records.md}, "Verify"): {@code $syncVerify}'s request
 * ({@link VerifyRequest}) and answer ({@code {"ranges": [...]}}, each a {@link VerifyAnswer}), or its key lookup
 * ({@code {"keys": [...]}}) and answer ({@code {"rows": [{"key", "hash"}, ...]}}), and
 * {@code $syncReissue}'s request ({@code {"keys": [...]}}) and answer ({@code {"reissued": N}}). Reading is strict:
 * a field of the wrong JSON type, an unknown field or a missing one is an error in words
 * ({@link IllegalArgumentException}), naming where it is.
 */
final class VerifyJson {
    /** At most this many keys in one {@code $syncReissue}. */
    static final int MAX_REISSUE_KEYS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyJson() {
    }

    // --- $syncVerify -----------------------------------------------------------------------------------------------

    static byte[] writeRequest(VerifyRequest r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("parts", r.parts());
        root.put("listAt", r.listAt());
        ArrayNode ranges = root.putArray("ranges");
        for (VerifyRequest.Question q : r.questions()) {
            ObjectNode o = ranges.addObject();
            range(o, q.range());
            o.put("want", q.want().wire());
        }
        return bytes(root);
    }

    /** A {@code $syncVerify} body: questions about ranges, or a lookup of rows by key. */
    sealed interface Body permits Ranges, Keys {
    }

    /** Questions about key ranges. */
    record Ranges(VerifyRequest request) implements Body {
    }

    /** A lookup of rows by key. */
    record Keys(List<String> keys) implements Body {
    }

    static Body readBody(byte[] body) {
        JsonNode root = tree(body, "a verify request");
        if (root.has("keys")) {
            only(root, "the key lookup", "keys");
            List<String> keys = List.copyOf(keys(root.get("keys"), VerifyRequest.MAX_QUESTIONS, "the key lookup"));
            return new Keys(keys);
        }
        return new Ranges(readRequest(root));
    }

    static byte[] writeRows(List<RowHash> rows) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode a = root.putArray("rows");
        for (RowHash h : rows) {
            a.addObject().put("key", h.key()).put("hash", h.hex());
        }
        return bytes(root);
    }

    static List<RowHash> readRows(byte[] body) {
        JsonNode root = tree(body, "a key lookup's answer");
        JsonNode rows = root.get("rows");
        if (rows == null || !rows.isArray()) {
            throw new IllegalArgumentException("the answer has no \"rows\" array");
        }
        List<RowHash> out = new ArrayList<>();
        int n = 0;
        for (JsonNode h : rows) {
            n++;
            out.add(RowHash.parse(text(h, "key", "row " + n, false), text(h, "hash", "row " + n, false)));
        }
        return out;
    }

    private static VerifyRequest readRequest(JsonNode root) {
        only(root, "the verify request", "parts", "listAt", "ranges");
        int parts = intField(root, "parts", "the verify request");
        int listAt = intField(root, "listAt", "the verify request");
        JsonNode ranges = root.get("ranges");
        if (ranges == null || !ranges.isArray()) {
            throw new IllegalArgumentException("the verify request needs \"ranges\", an array of {from, to, want}");
        }
        if (ranges.size() > VerifyRequest.MAX_QUESTIONS) {
            throw new IllegalArgumentException("at most " + VerifyRequest.MAX_QUESTIONS + " ranges a request, not "
                    + ranges.size());
        }
        List<VerifyRequest.Question> qs = new ArrayList<>(ranges.size());
        int n = 0;
        for (JsonNode r : ranges) {
            n++;
            String where = "range " + n;
            if (!r.isObject()) {
                throw new IllegalArgumentException(where + " is not an object {from, to, want}");
            }
            only(r, where, "from", "to", "want");
            qs.add(new VerifyRequest.Question(range(r, where), VerifyRequest.Want.fromWire(text(r, "want", where, false))));
        }
        return new VerifyRequest(parts, listAt, qs);
    }

    static byte[] writeAnswers(List<VerifyAnswer> answers) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode ranges = root.putArray("ranges");
        for (VerifyAnswer a : answers) {
            ObjectNode o = ranges.addObject();
            range(o, a.range());
            fingerprint(o, a.fingerprint());
            if (a.parts() != null) {
                ArrayNode parts = o.putArray("parts");
                for (VerifyAnswer.Part p : a.parts()) {
                    ObjectNode po = parts.addObject();
                    range(po, p.range());
                    fingerprint(po, p.fingerprint());
                }
            }
            if (a.rows() != null) {
                ArrayNode rows = o.putArray("rows");
                for (RowHash h : a.rows()) {
                    rows.addObject().put("key", h.key()).put("hash", h.hex());
                }
            }
        }
        return bytes(root);
    }

    static List<VerifyAnswer> readAnswers(byte[] body) {
        JsonNode root = tree(body, "a verify answer");
        JsonNode ranges = root.get("ranges");
        if (ranges == null || !ranges.isArray()) {
            throw new IllegalArgumentException("the verify answer has no \"ranges\" array");
        }
        List<VerifyAnswer> out = new ArrayList<>(ranges.size());
        int n = 0;
        for (JsonNode r : ranges) {
            n++;
            String where = "answer " + n;
            List<VerifyAnswer.Part> parts = null;
            List<RowHash> rows = null;
            if (r.has("parts")) {
                parts = new ArrayList<>();
                for (JsonNode p : r.get("parts")) {
                    parts.add(new VerifyAnswer.Part(range(p, where), fingerprint(p, where)));
                }
            }
            if (r.has("rows")) {
                rows = new ArrayList<>();
                for (JsonNode h : r.get("rows")) {
                    rows.add(RowHash.parse(text(h, "key", where, false), text(h, "hash", where, false)));
                }
            }
            out.add(new VerifyAnswer(range(r, where), fingerprint(r, where), parts, rows));
        }
        return out;
    }

    // --- $syncReissue ----------------------------------------------------------------------------------------------

    static byte[] writeKeys(List<String> keys) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode a = root.putArray("keys");
        keys.forEach(a::add);
        return bytes(root);
    }

    static Set<String> readKeys(byte[] body) {
        JsonNode root = tree(body, "a reissue request");
        only(root, "the reissue request", "keys");
        return keys(root.get("keys"), MAX_REISSUE_KEYS, "the reissue request");
    }

    private static Set<String> keys(JsonNode keys, int max, String what) {
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException(what + " needs \"keys\", an array of record keys");
        }
        if (keys.size() > max) {
            throw new IllegalArgumentException("at most " + max + " keys a request, not " + keys.size());
        }
        Set<String> out = new LinkedHashSet<>();
        int n = 0;
        for (JsonNode k : keys) {
            n++;
            if (!k.isTextual() || k.asText().isBlank()) {
                throw new IllegalArgumentException("key " + n + " is not a non-empty string");
            }
            out.add(k.asText());
        }
        return out;
    }

    static byte[] writeReissued(int n) {
        return bytes(JSON.createObjectNode().put("reissued", n));
    }

    static int readReissued(byte[] body) {
        JsonNode root = tree(body, "a reissue answer");
        return intField(root, "reissued", "the reissue answer");
    }

    // --- pieces -----------------------------------------------------------------------------------------------------

    private static void range(ObjectNode o, KeyRange r) {
        o.put("from", r.from());
        o.put("to", r.to());
    }

    private static KeyRange range(JsonNode o, String where) {
        String from = text(o, "from", where, true);
        String to = text(o, "to", where, true);
        try {
            return new KeyRange(from, to);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static void fingerprint(ObjectNode o, RangeFingerprint f) {
        o.put("count", f.count());
        o.put("hash", f.hex());
    }

    private static RangeFingerprint fingerprint(JsonNode o, String where) {
        JsonNode count = o.get("count");
        if (count == null || !count.canConvertToLong() || !count.isIntegralNumber()) {
            throw new IllegalArgumentException(where + " has no \"count\"");
        }
        try {
            return RangeFingerprint.parse(count.asLong(), text(o, "hash", where, false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field, String where, boolean nullable) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (nullable) {
                return null;
            }
            throw new IllegalArgumentException(where + " has no \"" + field + "\"");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a string" + (nullable ? " or null" : ""));
        }
        return v.asText();
    }

    private static int intField(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || !v.isInt()) {
            throw new IllegalArgumentException(where + " needs \"" + field + "\", a whole number");
        }
        return v.asInt();
    }

    private static void only(JsonNode o, String where, String... fields) {
        Set<String> allowed = Set.of(fields);
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(where + " has an unknown field \"" + f + "\" (it takes "
                        + String.join(", ", fields) + ")");
            }
        }
    }

    private static JsonNode tree(byte[] body, String what) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("the body is not " + what + ": a JSON object is expected");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not " + what + ": not JSON: " + JsonSyntax.describe(e), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body is not " + what + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
