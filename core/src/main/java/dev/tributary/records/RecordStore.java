package dev.tributary.records;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an endpoint keeps one collection's records with their sync states, and its digest: the interface each
 * store behind a record endpoint implements (in memory, SQLite, PostgreSQL, MariaDB, a Tributary database).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #commit} is atomic: after a crash either all of a commit's records and its digest are stored, or
 *       none. A sync page is one commit, so a page is applied once or not at all.</li>
 *   <li>Tombstones are records: {@link #get} returns them, {@link #changes} lists them.</li>
 *   <li>{@link #changes} answers from an index on (endpoint, tick), in ascending tick order, so that a pass reads
 *       only what it sends, never the whole collection.</li>
 *   <li>Implementations are safe for concurrent reads; writes come from one writer at a time (the
 *       {@link RecordCollection} that owns the store).</li>
 * </ul>
 */
public interface RecordStore extends AutoCloseable {

    /** The endpoint URI of this collection (its digest's origin). */
    String endpoint();

    /** The current digest. */
    Digest digest();

    /** The record (or tombstone) with {@code uuid}. */
    Optional<Record> get(String uuid);

    /**
     * The records (or tombstones) with these uuids, by uuid; absent ones are left out. A store over a database
     * answers a page's lookups in one query instead of one per entry.
     */
    default Map<String, Record> getAll(Collection<String> uuids) {
        Map<String, Record> out = new HashMap<>();
        for (String uuid : uuids) {
            get(uuid).ifPresent(r -> out.put(uuid, r));
        }
        return out;
    }

    /**
     * At most {@code limit} records last changed by {@code endpoint} at ticks in {@code [fromTick, toTickExclusive)},
     * ascending by tick.
     */
    List<Record> changes(String endpoint, long fromTick, long toTickExclusive, int limit);

    /** Stores {@code records} (each replacing the one with its uuid) and {@code digest}, atomically. */
    void commit(List<Record> records, Digest digest);

    /**
     * {@link #commit(List, Digest)}, told that the store held no record (not even a tombstone) under any uuid in
     * {@code unknown} when the caller last read them, with no write of theirs since. A store may then insert those
     * records without looking for what they replace (an initial load is all such records); it must still be right
     * when something else wrote one of them meanwhile. The default ignores the hint.
     */
    default void commit(List<Record> records, Digest digest, java.util.Set<String> unknown) {
        commit(records, digest);
    }

    /**
     * {@link #absorbOutsideChanges} at {@code now}, then {@link #getAll} of {@code uuids}: what a target does before it
     * decides a page. A store over a database may answer both in one round trip when nothing is to be absorbed.
     */
    default Map<String, Record> absorbThenGetAll(Collection<String> uuids, java.time.Instant now) {
        absorbOutsideChanges(now);
        return getAll(uuids);
    }

    /**
     * Turns changes other applications made to the data behind this store (rows written straight into a database
     * table) into records with sync states: each changed row becomes a change of this endpoint at its next tick,
     * stamped {@code now}, and the digest follows. Called by the collection's single writer before a pass reads
     * changes and before a page is applied, so that such edits travel and meet incoming changes as conflicts.
     *
     * @return how many records it changed (0 for stores that nothing else writes to)
     */
    default int absorbOutsideChanges(java.time.Instant now) {
        return 0;
    }

    /** How many records, tombstones included. */
    long size();

    /**
     * How many tombstones (records of deleted rows, kept so that the deletions travel): by default {@link #size}
     * less the live records.
     */
    default long tombstones() {
        return Math.max(0, size() - countLive(KeyRange.ALL));
    }

    /**
     * Visits the live rows (tombstones left out) whose keys lie in {@code range}, ascending in the store's key order,
     * each with its content as the store holds it now: for a store over a table, the table's row as it is, whether or
     * not the sync has seen it change (so rows changed behind the sync's back show). One range scan, no whole-table
     * read; the visitor stops it by returning false. The verify pass fingerprints and lists ranges with it.
     */
    void scanLive(KeyRange range, LiveRowVisitor visitor);

    /**
     * The content of the live rows with these keys as the store holds it now (absent ones left out), like
     * {@link #scanLive} whether or not the sync saw it change: a store over a table reads the table's rows.
     */
    default Map<String, Payload> liveRows(Collection<String> keys) {
        Map<String, Payload> out = new HashMap<>();
        getAll(keys).forEach((k, r) -> {
            if (!r.deleted()) {
                out.put(k, r.payload());
            }
        });
        return out;
    }

    /** How many live rows have keys in {@code range} (a count over the key index where the store has one). */
    default long countLive(KeyRange range) {
        long[] n = {0};
        scanLive(range, (k, p) -> {
            n[0]++;
            return true;
        });
        return n[0];
    }

    @Override
    default void close() {
    }
}
