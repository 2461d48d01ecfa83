package dev.tributary.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code sdata/conflict-cases.json} (the SData specification's cases restated as data; see
 * {@code sdata/LICENSE-NOTE.txt}) into the records model.
 */
final class SdataCases {
    private static final JsonNode ROOT = load();

    private SdataCases() {
    }

    static JsonNode root() {
        return ROOT;
    }

    private static JsonNode load() {
        try (InputStream in = SdataCases.class.getResourceAsStream("/sdata/conflict-cases.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A digest from {@code {"origin", "entries": [...]}} or from a bare list of entries (origin then null). */
    static Digest digest(JsonNode node) {
        JsonNode list = node.isArray() ? node : node.get("entries");
        String origin = node.isArray() || !node.hasNonNull("origin") || node.get("origin").asText().startsWith("ABSENT")
                ? null : node.get("origin").asText();
        List<DigestEntry> entries = new ArrayList<>();
        for (JsonNode e : list) {
            entries.add(new DigestEntry(e.get("endpoint").asText(), e.get("tick").asLong(), stamp(e.get("stamp")),
                    e.get("conflictPriority").asInt()));
        }
        return Digest.of(origin, entries);
    }

    /** A sync state from {@code {"endpoint", "tick", "stamp"}}, or null for a JSON null or a non-object. */
    static SyncState state(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return SyncState.of(node.get("endpoint").asText(), node.get("tick").asLong(), stamp(node.get("stamp")));
    }

    static Instant stamp(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** The outcome the file expects, spelled in its vocabulary. */
    static Outcome outcome(String text) {
        // The file sometimes adds a remark in parentheses: "applied (create)", "conflict_won_by_target (entry ignored)".
        int paren = text.indexOf(" (");
        String word = paren < 0 ? text : text.substring(0, paren);
        return switch (word) {
            case "applied" -> Outcome.APPLIED;
            case "ignored" -> Outcome.IGNORED;
            case "conflict_won_by_source" -> Outcome.CONFLICT_WON_BY_SOURCE;
            case "conflict_won_by_target" -> Outcome.CONFLICT_WON_BY_TARGET;
            default -> throw new IllegalArgumentException("unknown outcome " + text);
        };
    }

    /** Ticks by endpoint of a digest, for comparing with the file's lists (stamps are not given there). */
    static List<String> ticks(Digest d) {
        List<String> out = new ArrayList<>();
        for (DigestEntry e : d.entries()) {
            out.add(e.endpoint() + "=" + e.tick() + "/p" + e.conflictPriority());
        }
        return out;
    }
}
