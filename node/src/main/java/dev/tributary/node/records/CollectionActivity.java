package dev.tributary.node.records;

import dev.tributary.records.Digest;
import dev.tributary.records.DigestEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one collection's sync routes have done since the node started: pages served as a source and applied as a
 * target, entries sent and applied, conflicts met, and when each last happened. Shown in the node's status and
 * metrics, so an operator sees that a collection syncs, when it last did, and what it still lacks of the last source
 * that sent it a page. Thread-safe: the routes update it on
 * the HTTP server's threads, the status and the scraper read it on theirs.
 */
final class CollectionActivity {
    private final AtomicLong pagesServed = new AtomicLong();
    private final AtomicLong entriesServed = new AtomicLong();
    private final AtomicLong pagesApplied = new AtomicLong();
    private final AtomicLong entriesApplied = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicReference<Instant> lastServed = new AtomicReference<>();
    private final AtomicReference<Instant> lastApplied = new AtomicReference<>();

    /** A page of {@code entries} entries was served to an engine reading this collection as a source. */
    void served(int entries) {
        pagesServed.incrementAndGet();
        entriesServed.addAndGet(entries);
        lastServed.set(Instant.now());
    }

    /**
     * A page was applied to this collection as a target: {@code applied} entries taken, {@code conflicted} conflicts;
     * {@code missing} changes of the page's source still lacking here ({@link #missing(Digest, Digest)}).
     */
    void applied(int applied, int conflicted, long missing) {
        pagesApplied.incrementAndGet();
        entriesApplied.addAndGet(applied);
        conflicts.addAndGet(conflicted);
        this.missing.set(missing);
        lastApplied.set(Instant.now());
    }

    /**
     * The changes a source whose digest is {@code source} holds that a target whose digest is {@code target} lacks,
     * counted in ticks: for each endpoint, how far the source's tick is above the target's. An upper bound of the
     * entries still to come (a record changed twice takes two ticks and travels once); 0 once a catch-up pass
     * ended, the target then knowing every tick of the source.
     */
    static long missing(Digest source, Digest target) {
        long n = 0;
        for (DigestEntry e : source.entries()) {
            n += Math.max(0, e.tick() - target.tick(e.endpoint()));
        }
        return n;
    }

    /** {@link #applied}'s last {@code missing}: 0 until a page was applied. */
    long missing() {
        return missing.get();
    }

    long entriesApplied() {
        return entriesApplied.get();
    }

    long entriesServed() {
        return entriesServed.get();
    }

    long conflicts() {
        return conflicts.get();
    }

    /** When a page was last served or applied, in seconds since the epoch; 0 if never. */
    double lastSyncEpochSeconds() {
        Instant a = lastServed.get();
        Instant b = lastApplied.get();
        Instant last = a == null ? b : b == null || a.isAfter(b) ? a : b;
        return last == null ? 0 : last.toEpochMilli() / 1000.0;
    }

    /** The figures as the status shows them; times ISO-8601, or absent if it never happened. */
    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pagesServed", pagesServed.get());
        out.put("entriesServed", entriesServed.get());
        out.put("pagesApplied", pagesApplied.get());
        out.put("entriesApplied", entriesApplied.get());
        out.put("conflicts", conflicts.get());
        out.put("missing", missing.get());
        Instant s = lastServed.get();
        Instant a = lastApplied.get();
        if (s != null) {
            out.put("lastServed", s.toString());
        }
        if (a != null) {
            out.put("lastApplied", a.toString());
        }
        return out;
    }
}
