package dev.tributary.records;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint's collection: the single writer of its {@link RecordStore}. Local changes take the endpoint's next
 * tick (the tick its digest lists for itself), stamped by the injected clock; incoming pages go through the
 * {@link TargetApplier}; outgoing passes start from a snapshot of the digest. Writes are serialized by this object's
 * lock, so a local change and an incoming page never interleave; reads go straight to the store.
 */
public final class RecordCollection {
    private final RecordStore store;
    private final Clock clock;

    public RecordCollection(RecordStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The endpoint URI. */
    public String endpoint() {
        return store.endpoint();
    }

    /** The store behind the collection (for reads). */
    public RecordStore store() {
        return store;
    }

    /** The current digest. */
    public Digest digest() {
        return store.digest();
    }

    /** The record with {@code uuid}, tombstones included. */
    public Optional<Record> get(String uuid) {
        return store.get(uuid);
    }

    /** Creates or replaces the record {@code uuid} locally; returns it with its new sync state. */
    public synchronized Record put(String uuid, Payload payload) {
        return commitLocal(Record.live(uuid, nextState(), payload));
    }

    /** Deletes the record {@code uuid} locally (leaves a tombstone); returns the tombstone. */
    public synchronized Record delete(String uuid) {
        return commitLocal(Record.tombstone(uuid, nextState()));
    }

    /** Applies one incoming page (see {@link TargetApplier}; it takes in other applications' changes first). */
    public synchronized TargetApplier.Reply apply(FeedPage page) {
        java.time.Instant absorbAt = clock.instant();
        return TargetApplier.apply(page, store, absorbAt, clock.instant());
    }

    /** Starts a catch-up pass to a target whose digest is {@code targetDigest}. */
    public SourcePass startPass(Digest targetDigest) {
        absorbOutsideChanges();
        return SourcePass.start(store, targetDigest);
    }

    /**
     * Takes in the changes other applications made to the store's data ({@link RecordStore#absorbOutsideChanges});
     * done before every pass and page, callable at any time.
     *
     * @return how many records changed
     */
    public synchronized int absorbOutsideChanges() {
        return store.absorbOutsideChanges(clock.instant());
    }

    /**
     * Reissues the records {@code uuids} as new changes of this endpoint, each at its next tick stamped now, with the
     * content the store holds (a record the store does not hold, or holds as a tombstone, becomes a tombstone): so
     * that the next pass carries this endpoint's copy to a target, where the conflict rule decides as for any change.
     * The content is the row as the store holds it now ({@link RecordStore#liveRows}), so a row changed behind the
     * sync's back is reissued as it is. The verify pass repairs with it. Changes of other applications are taken in
     * first.
     *
     * @return the reissued records
     */
    public synchronized List<Record> reissue(java.util.Collection<String> uuids) {
        store.absorbOutsideChanges(clock.instant());
        java.util.Map<String, Payload> current = store.liveRows(uuids);
        Digest d = store.digest();
        int priority = d.entry(store.endpoint()).map(DigestEntry::conflictPriority).orElse(DigestEntry.WEAKEST_PRIORITY);
        java.time.Instant now = clock.instant();
        List<Record> out = new ArrayList<>();
        for (String uuid : new java.util.LinkedHashSet<>(uuids)) {
            SyncState s = SyncState.of(store.endpoint(), d.tick(store.endpoint()), now);
            Payload p = current.get(uuid);
            Record again = p == null ? Record.tombstone(uuid, s) : Record.live(uuid, s, p);
            out.add(again);
            d = d.afterChange(s, priority, now);
        }
        if (!out.isEmpty()) {
            store.commit(out, d);
        }
        return out;
    }

    private SyncState nextState() {
        return SyncState.of(store.endpoint(), store.digest().tick(store.endpoint()), clock.instant());
    }

    private Record commitLocal(Record r) {
        Digest d = store.digest();
        int priority = d.entry(store.endpoint()).map(DigestEntry::conflictPriority).orElse(DigestEntry.WEAKEST_PRIORITY);
        store.commit(List.of(r), d.afterChange(r.state(), priority, r.state().stamp()));
        return r;
    }
}
