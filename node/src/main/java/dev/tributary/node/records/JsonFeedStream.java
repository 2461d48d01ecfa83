package dev.tributary.node.records;

import static dev.tributary.node.records.CanonicalJson.string;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.records.CanonicalJson.NotCanonical;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.SyncState;
import dev.tributary.records.atom.MalformedDocumentException;
import dev.tributary.records.atom.SyncEntryDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON sync feed ({@code docs/records-json.md}) as it streams, without building a tree of its resources:
 * pages are the bulk of a pass, a thousand resources each. Only the shape {@link JsonFormat} writes is read this
 * way; any other shape is left to {@link JsonFormat}'s tree reading, which decides what it means or why it is
 * refused, so both readings accept and refuse the same feeds.
 */
final class JsonFeedStream {
    private JsonFeedStream() {
    }

    /** A feed read as it streams: every field but the resources as a tree, the resources as they came. */
    record Feed(ObjectNode root, List<Resource> resources) {
    }

    /** One resource of a streamed feed, its fields as the text they held (null where absent or null). */
    static final class Resource {
        String url;
        String title;
        String updated;
        String uuid;
        String kind;
        boolean deleted;
        boolean hasState;
        String endpoint;
        long tick = -1;
        String stamp;
        String user;
        Map<String, String> properties;

        /** The resource as the {@code n}th entry of a feed of {@code feedKind}: {@link JsonFormat}'s checks and words. */
        SyncEntryDocument entry(int n, String feedKind) throws MalformedDocumentException {
            if (!hasState) {
                throw new MalformedDocumentException("resource " + n + " has no \"$syncState\"");
            }
            if (uuid == null || uuid.isBlank()) {
                throw new MalformedDocumentException("resource " + n + " has no \"$uuid\"");
            }
            if (endpoint == null || endpoint.isBlank() || tick < 0) {
                throw new MalformedDocumentException("a syncState needs an \"endpoint\" and a \"tick\" of 0 or more");
            }
            SyncState state = new SyncState(endpoint, tick, JsonFormat.stamp(stamp, "stamp"), user);
            Record r;
            if (deleted) {
                r = Record.tombstone(uuid, state);
            } else {
                if (kind == null && feedKind == null) {
                    throw new MalformedDocumentException("the feed has no \"$resourceKind\"");
                }
                r = Record.live(uuid, state, Payload.of(kind != null ? kind : feedKind,
                        properties == null ? Map.of() : properties));
            }
            return new SyncEntryDocument(url, title, JsonFormat.stamp(updated, "$updated"), r);
        }
    }

    /**
     * The feed in {@code body}, or null where it leaves the shape Tributary writes (numbers or lists where text is
     * expected, a second resource list, trailing text): the caller reads such a feed as a tree, whose reading decides
     * what it means or why it is refused.
     */
    static Feed read(ObjectMapper json, byte[] body) {
        try {
            return stream(json, body);
        } catch (NotCanonical | IOException e) {
            return null;
        }
    }

    private static Feed stream(ObjectMapper json, byte[] body) throws IOException, NotCanonical {
        try (JsonParser p = json.getFactory().createParser(body)) {
            p.setCodec(json);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotCanonical();
            }
            ObjectNode root = json.createObjectNode();
            List<Resource> entries = new ArrayList<>();
            boolean resources = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("$resources")) {
                    root.set(field, p.readValueAsTree());
                    continue;
                }
                if (resources || t != JsonToken.START_ARRAY) {
                    throw new NotCanonical(); // a second list, or null, or not a list: as the tree reads it
                }
                resources = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    entries.add(streamEntry(p));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new NotCanonical();
            }
            return new Feed(root, entries);
        }
    }

    private static Resource streamEntry(JsonParser p) throws IOException, NotCanonical {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new NotCanonical();
        }
        Resource e = new Resource();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "$url" -> e.url = string(p, t);
                case "$title" -> e.title = string(p, t);
                case "$updated" -> e.updated = string(p, t);
                case "$uuid" -> e.uuid = string(p, t);
                case "$resourceKind" -> e.kind = string(p, t);
                case "$isDeleted" -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw new NotCanonical();
                    }
                    e.deleted = t == JsonToken.VALUE_TRUE;
                }
                case "$syncState" -> {
                    if (t != JsonToken.START_OBJECT || e.hasState) {
                        throw new NotCanonical();
                    }
                    e.hasState = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (f) {
                            case "endpoint" -> e.endpoint = string(p, v);
                            case "tick" -> {
                                if (v != JsonToken.VALUE_NUMBER_INT
                                        || p.getNumberType() != JsonParser.NumberType.INT
                                        && p.getNumberType() != JsonParser.NumberType.LONG) {
                                    throw new NotCanonical();
                                }
                                e.tick = p.getLongValue();
                            }
                            case "stamp" -> e.stamp = string(p, v);
                            case "user" -> e.user = string(p, v);
                            default -> p.skipChildren();
                        }
                    }
                }
                case "$properties" -> {
                    if (t != JsonToken.START_OBJECT || e.properties != null) {
                        throw new NotCanonical();
                    }
                    Map<String, String> props = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        props.put(name, string(p, p.nextToken()));
                    }
                    e.properties = props;
                }
                default -> p.skipChildren();
            }
        }
        return e;
    }
}
