package dev.tributary.records.atom;

import dev.tributary.records.Digest;
import java.time.Instant;
import java.util.List;

/**
 * A target's answer to a page (SData sync 5.3): an Atom feed with one result entry per request entry, in order,
 * and the target's digest after the page (null when absent, as in the specification's example).
 */
public record ResultFeedDocument(String id, String title, Instant updated, Digest digest,
        List<ResultEntryDocument> entries) {
    public ResultFeedDocument {
        entries = List.copyOf(entries);
    }
}
