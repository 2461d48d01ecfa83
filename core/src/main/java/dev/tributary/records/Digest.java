package dev.tributary.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collection's vector clock (SData sync 2.2, {@code sync:digest}): the endpoint holding it (its origin), and for
 * every endpoint it knows the next tick not yet seen from it, with that endpoint's conflict priority. An endpoint
 * missing from a digest counts as tick 0.
 *
 * <p>Immutable; the changing operations return a new digest. Entries keep the order they were added in, which is
 * the order they are written on the wire.
 */
public final class Digest {
    private final String origin;
    private final Map<String, DigestEntry> entries;

    private Digest(String origin, Map<String, DigestEntry> entries) {
        this.origin = origin;
        this.entries = entries;
    }

    /**
     * A digest of {@code origin} (null when the wire gave none, as in the specification's immediate example) with
     * {@code entries}; an endpoint listed twice is refused.
     */
    public static Digest of(String origin, List<DigestEntry> entries) {
        Map<String, DigestEntry> map = new LinkedHashMap<>();
        for (DigestEntry e : entries) {
            if (map.putIfAbsent(e.endpoint(), e) != null) {
                throw new IllegalArgumentException("the digest lists endpoint " + e.endpoint() + " twice");
            }
        }
        return new Digest(origin == null || origin.isBlank() ? null : origin, Collections.unmodifiableMap(map));
    }

    /** The empty digest of a new collection at {@code origin}, whose own endpoint has {@code priority}. */
    public static Digest empty(String origin, int priority) {
        return of(origin, List.of(new DigestEntry(origin, 0, null, priority)));
    }

    /** The endpoint holding this digest, or null when unknown. */
    public String origin() {
        return origin;
    }

    /** The entries, in wire order. */
    public List<DigestEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The entry of {@code endpoint}, if listed. */
    public Optional<DigestEntry> entry(String endpoint) {
        return Optional.ofNullable(entries.get(endpoint));
    }

    /** The next tick not yet seen from {@code endpoint} (0 when not listed). */
    public long tick(String endpoint) {
        DigestEntry e = entries.get(endpoint);
        return e == null ? 0 : e.tick();
    }

    /** Whether the change {@code state} names is already known here: {@code tick(state.endpoint) > state.tick}. */
    public boolean knows(SyncState state) {
        return tick(state.endpoint()) > state.tick();
    }

    /** This digest with its origin set to {@code newOrigin}. */
    public Digest withOrigin(String newOrigin) {
        return new Digest(newOrigin, entries);
    }

    /**
     * This digest after the change {@code state} was processed (SData sync 5.5): the tick of its endpoint raised to
     * at least {@code state.tick + 1}, never lowered. An endpoint not yet listed is added with the priority
     * {@code priorityWhenNew} and the stamp {@code when}.
     */
    public Digest afterChange(SyncState state, int priorityWhenNew, Instant when) {
        DigestEntry current = entries.get(state.endpoint());
        long wanted = state.tick() + 1;
        if (current == null) {
            return with(new DigestEntry(state.endpoint(), wanted, when, priorityWhenNew));
        }
        DigestEntry raised = current.raisedTo(wanted, when);
        return raised == current ? this : with(raised);
    }

    /**
     * The end-of-feed rule of a catch-up pass (SData sync 5.5): for every endpoint of either digest, the higher
     * tick. Where {@code other} is ahead its whole entry is taken (stamp and priority: an endpoint's most recent
     * priority is the one of its highest tick, SData sync 2.3). The origin stays this digest's.
     */
    public Digest mergedWith(Digest other) {
        Map<String, DigestEntry> map = new LinkedHashMap<>(entries);
        for (DigestEntry e : other.entries.values()) {
            DigestEntry mine = map.get(e.endpoint());
            if (mine == null || e.tick() > mine.tick()) {
                map.put(e.endpoint(), e);
            }
        }
        return new Digest(origin, Collections.unmodifiableMap(map));
    }

    /** This digest with {@code entry} replacing the one of its endpoint (or added at the end). */
    public Digest with(DigestEntry entry) {
        Map<String, DigestEntry> map = new LinkedHashMap<>(entries);
        map.put(entry.endpoint(), entry);
        return new Digest(origin, Collections.unmodifiableMap(map));
    }

    /** How this digest compares with {@code other} as vector clocks (SData sync 2.1), by ticks only. */
    public ClockOrder compareTo(Digest other) {
        boolean lower = false;
        boolean higher = false;
        List<String> endpoints = new ArrayList<>(entries.keySet());
        for (String e : other.entries.keySet()) {
            if (!entries.containsKey(e)) {
                endpoints.add(e);
            }
        }
        for (String e : endpoints) {
            long mine = tick(e);
            long theirs = other.tick(e);
            lower |= mine < theirs;
            higher |= mine > theirs;
        }
        if (lower && higher) {
            return ClockOrder.CONCURRENT;
        }
        return lower ? ClockOrder.BEFORE : higher ? ClockOrder.AFTER : ClockOrder.EQUAL;
    }

    /** Whether both digests hold the same ticks for every endpoint (stamps, priorities and origin aside). */
    public boolean sameTicks(Digest other) {
        return compareTo(other) == ClockOrder.EQUAL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && java.util.Objects.equals(origin, d.origin)
                && entries().equals(d.entries());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(origin, entries());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("digest of ").append(origin).append(" {");
        String sep = "";
        for (DigestEntry e : entries.values()) {
            b.append(sep).append(e.endpoint()).append(' ').append(e.tick()).append(" p").append(e.conflictPriority());
            sep = ", ";
        }
        return b.append('}').toString();
    }
}
