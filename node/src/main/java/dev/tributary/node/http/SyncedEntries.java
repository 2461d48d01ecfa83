package dev.tributary.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * How many entries a service without a height has synced since the node started, read from its {@code GET /status}
 * section, for the dashboard's chart of entries and rows synced per second: the databases' ({@code db}) entries
 * applied from peers (summed over the databases the section lists, each over its peers), and the record
 * collections' ({@code records}) entries applied as a sync target and served as a source.
 */
final class SyncedEntries {
    private SyncedEntries() {
    }

    /** The count for {@code section}, or empty for a section of another kind. */
    static OptionalLong of(JsonNode section) {
        if (section.path("collections").isObject()) {
            long n = 0;
            for (Iterator<JsonNode> it = section.path("collections").elements(); it.hasNext(); ) {
                JsonNode c = it.next();
                n += c.path("entriesApplied").asLong() + c.path("entriesServed").asLong();
            }
            return OptionalLong.of(n);
        }
        if (section.has("identity") && section.path("list").isArray()) {
            long n = 0;
            for (JsonNode db : section.path("list")) {
                for (JsonNode peer : db.path("peers")) {
                    n += peer.path("applied").asLong();
                }
            }
            return OptionalLong.of(n);
        }
        return OptionalLong.empty();
    }
}
