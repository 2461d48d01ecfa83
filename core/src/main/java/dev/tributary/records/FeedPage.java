package dev.tributary.records;

import java.util.List;
import java.util.Objects;

/**
 * One page of a sync feed, transport aside (SData sync 4.4): its mode, the source's digest, the changes in feed
 * order, and whether it is the last page of its feed (on the wire: the page has no {@code next} link). For every
 * endpoint, the ticks of its changes increase strictly through a feed.
 *
 * @param mode catch-up or immediate
 * @param digest the source's digest (its origin may be missing on an immediate feed)
 * @param entries the changes, full payloads, deletes as tombstones
 * @param last whether no page follows
 */
public record FeedPage(SyncMode mode, Digest digest, List<Record> entries, boolean last) {
    public FeedPage {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(digest, "digest");
        entries = List.copyOf(entries);
    }
}
