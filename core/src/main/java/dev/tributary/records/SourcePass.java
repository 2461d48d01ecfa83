package dev.tributary.records;

import java.util.ArrayList;
import java.util.List;

/**
 * A source's side of one catch-up pass (SData sync 2.5 and 4.4): the selection for the target's digest, against a
 * snapshot of the source's digest taken when the pass starts, read page by page. Pages list each range's changes
 * in ascending tick order, one range after the other, so every page keeps each endpoint's ticks increasing and a
 * target that applied a prefix of the feed holds a digest from which a new pass selects exactly the rest: an
 * interrupted pass resumes where it stopped by starting again.
 *
 * <p>Immutable: the pages are read from the store, which may change meanwhile (a record changed during the pass
 * leaves its range and travels in the next pass).
 */
public final class SourcePass {
    private final RecordStore store;
    private final Digest sourceDigest;
    private final List<TickRange> ranges;

    private SourcePass(RecordStore store, Digest sourceDigest, List<TickRange> ranges) {
        this.store = store;
        this.sourceDigest = sourceDigest;
        this.ranges = ranges;
    }

    /** Starts a pass from {@code store} to a target whose digest is {@code targetDigest}. */
    public static SourcePass start(RecordStore store, Digest targetDigest) {
        Digest source = store.digest();
        return new SourcePass(store, source, ChangeSelection.between(source, targetDigest));
    }

    /** The source digest every page carries. */
    public Digest sourceDigest() {
        return sourceDigest;
    }

    /** The ranges this pass sends. */
    public List<TickRange> ranges() {
        return ranges;
    }

    /** A page and the cursor of the next one (null on the last page). */
    public record Page(FeedPage page, FeedCursor next) {
    }

    /** The page of at most {@code size} entries starting at {@code cursor}. */
    public Page page(FeedCursor cursor, int size) {
        return page(cursor, size, Long.MAX_VALUE);
    }

    /**
     * The page of at most {@code size} entries starting at {@code cursor}, ended early where its records'
     * {@linkplain #weight weight} would pass {@code maxWeight}: wide rows make shorter pages, so a page stays within
     * what a target takes in one body. A page holds at least one entry, however heavy.
     */
    public Page page(FeedCursor cursor, int size, long maxWeight) {
        if (size < 1) {
            throw new IllegalArgumentException("a page holds at least one entry");
        }
        List<Record> entries = new ArrayList<>(Math.min(size, 1024));
        long weight = 0;
        int range = cursor.range();
        long from = cursor.fromTick();
        while (range < ranges.size() && entries.size() < size) {
            TickRange r = ranges.get(range);
            long start = Math.max(from, r.fromInclusive());
            List<Record> got = store.changes(r.endpoint(), start, r.toExclusive(), size - entries.size() + 1);
            int room = size - entries.size();
            int fit = 0;
            while (fit < Math.min(room, got.size())) {
                long w = weight(got.get(fit));
                if (weight + w > maxWeight && (fit > 0 || !entries.isEmpty())) {
                    break;
                }
                weight += w;
                fit++;
            }
            if (got.size() > fit) {
                entries.addAll(got.subList(0, fit));
                FeedCursor next = new FeedCursor(range, got.get(fit).state().tick());
                return new Page(new FeedPage(SyncMode.CATCH_UP, sourceDigest, entries, false), next);
            }
            entries.addAll(got);
            range++;
            from = -1;
        }
        FeedCursor next = null;
        if (range < ranges.size() && hasMore(range)) {
            next = new FeedCursor(range, -1);
        }
        return new Page(new FeedPage(SyncMode.CATCH_UP, sourceDigest, entries, next == null), next);
    }

    /**
     * A record's weight in a page: the characters of its uuid, its sync state and its properties' names and values,
     * plus a fixed share for the markup around them. About the size of its JSON form, half that of its Atom form.
     */
    public static long weight(Record r) {
        long w = 160L + r.uuid().length() + r.state().endpoint().length()
                + (r.state().user() == null ? 0 : r.state().user().length());
        if (!r.deleted()) {
            for (java.util.Map.Entry<String, String> p : r.payload().properties().entrySet()) {
                w += 8 + p.getKey().length() + (p.getValue() == null ? 4 : p.getValue().length());
            }
        }
        return w;
    }

    private boolean hasMore(int fromRange) {
        for (int i = fromRange; i < ranges.size(); i++) {
            TickRange r = ranges.get(i);
            if (!store.changes(r.endpoint(), r.fromInclusive(), r.toExclusive(), 1).isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
