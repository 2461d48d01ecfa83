package dev.tributary.records.atom;

import dev.tributary.records.Digest;
import dev.tributary.records.FeedPage;
import dev.tributary.records.Record;
import dev.tributary.records.SyncMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sync feed page on the wire (SData sync 4.4): an Atom {@code feed} with id, title, updated and paging links
 * ({@code self}, {@code first}, {@code next}), {@code sync:syncMode} and the source's {@code sync:digest} as direct
 * children, and entries carrying {@code sync:syncState} and {@code sdata:payload}. The page is the last of its feed
 * when it has no {@code next} link.
 *
 * @param resourceKind the payload element's name (needed for deletes, whose payload carries no properties)
 */
public record SyncFeedDocument(String id, String title, Instant updated, List<AtomLink> links, SyncMode mode,
        Digest digest, String resourceKind, List<SyncEntryDocument> entries) {

    public SyncFeedDocument {
        links = List.copyOf(links);
        entries = List.copyOf(entries);
    }

    /** The {@code next} link's href, if this page is not the last. */
    public Optional<String> next() {
        return AtomLink.find(links, "next");
    }

    /** The page, transport aside. */
    public FeedPage toPage() {
        List<Record> records = new ArrayList<>(entries.size());
        for (SyncEntryDocument e : entries) {
            records.add(e.record());
        }
        return new FeedPage(mode, digest, records, next().isEmpty());
    }
}
