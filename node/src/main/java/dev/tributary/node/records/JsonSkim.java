package dev.tributary.node.records;

import static dev.tributary.node.records.CanonicalJson.string;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.records.CanonicalJson.NotCanonical;
import java.io.IOException;

/**
 * Reads what the engine needs of a JSON page or result feed ({@code docs/records-json.md}) as it streams, without
 * taking in the resources: a page's resources are counted and skipped (the target reads them), a result feed's are
 * counted by their status, method and diagnosis severity. Every field but {@code $resources} is read as a tree.
 * Only the shape {@link JsonFormat} writes is read this way: any other shape gives null, and the caller reads the
 * document whole, which decides what it means or why it is refused.
 */
final class JsonSkim {
    private JsonSkim() {
    }

    /** A document's fields but its resources, and what was counted of those. */
    record Skimmed<T>(ObjectNode root, T resources) {
    }

    /** How one document's resources are taken: each is read from its {@code START_OBJECT} to its {@code END_OBJECT}. */
    private interface Resources<T> {
        void resource(JsonParser p) throws IOException, NotCanonical;

        T result();
    }

    /** A page's fields but its resources, and how many resources it holds; null where not in Tributary's shape. */
    static Skimmed<Integer> feed(ObjectMapper json, byte[] body) {
        return skim(json, body, new Resources<>() {
            int n;

            @Override
            public void resource(JsonParser p) throws IOException {
                p.skipChildren();
                n++;
            }

            @Override
            public Integer result() {
                return n;
            }
        });
    }

    /** A result feed's fields but its resources, and their counts; null where not in Tributary's shape. */
    static Skimmed<ResultCounts> results(ObjectMapper json, byte[] body) {
        return skim(json, body, new Resources<>() {
            ResultCounts counts = ResultCounts.NONE;

            @Override
            public void resource(JsonParser p) throws IOException, NotCanonical {
                int status = -1;
                String method = null;
                String severity = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "$httpStatus" -> {
                            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                                throw new NotCanonical();
                            }
                            status = p.getIntValue();
                        }
                        case "$httpMethod" -> method = string(p, t);
                        case "$diagnosis" -> severity = severity(p, t);
                        default -> p.skipChildren();
                    }
                }
                if (status < 0) {
                    throw new NotCanonical(); // the whole reading says which result lacks it
                }
                counts = counts.plus(status, method, severity);
            }

            @Override
            public ResultCounts result() {
                return counts;
            }
        });
    }

    private static String severity(JsonParser p, JsonToken t) throws IOException, NotCanonical {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new NotCanonical();
        }
        String severity = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("$severity")) {
                severity = string(p, v);
            } else {
                p.skipChildren();
            }
        }
        return severity;
    }

    private static <T> Skimmed<T> skim(ObjectMapper json, byte[] body, Resources<T> resources) {
        try (JsonParser p = json.getFactory().createParser(body)) {
            p.setCodec(json);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode root = json.createObjectNode();
            boolean seen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("$resources")) {
                    root.set(field, p.readValueAsTree());
                    continue;
                }
                if (seen || t != JsonToken.START_ARRAY) {
                    return null; // a second list, or null, or not a list: as the whole reading takes it
                }
                seen = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        return null;
                    }
                    resources.resource(p);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return new Skimmed<>(root, resources.result());
        } catch (NotCanonical | IOException e) {
            return null;
        }
    }
}
