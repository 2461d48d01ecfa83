package dev.tributary.records;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map.Entry;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link RecordStore} in memory, for tests and throw-away endpoints. Thread-safe (one lock). */
public final class InMemoryRecordStore implements RecordStore {
    private final String endpoint;
    private final NavigableMap<String, Record> byUuid = new TreeMap<>();
    private final Map<String, NavigableMap<Long, String>> byChange = new HashMap<>();
    private Digest digest;

    /** An empty collection at {@code endpoint}, whose own conflict priority is {@code priority}. */
    public InMemoryRecordStore(String endpoint, int priority) {
        this.endpoint = endpoint;
        this.digest = Digest.empty(endpoint, priority);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public synchronized Digest digest() {
        return digest;
    }

    @Override
    public synchronized Optional<Record> get(String uuid) {
        return Optional.ofNullable(byUuid.get(uuid));
    }

    @Override
    public synchronized List<Record> changes(String changer, long fromTick, long toTickExclusive, int limit) {
        NavigableMap<Long, String> index = byChange.get(changer);
        List<Record> out = new ArrayList<>();
        if (index == null || fromTick >= toTickExclusive) {
            return out;
        }
        for (String uuid : index.subMap(fromTick, true, toTickExclusive, false).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(byUuid.get(uuid));
        }
        return out;
    }

    @Override
    public synchronized void commit(List<Record> records, Digest newDigest) {
        for (Record r : records) {
            Record old = byUuid.put(r.uuid(), r);
            if (old != null) {
                byChange.get(old.state().endpoint()).remove(old.state().tick(), old.uuid());
            }
            // (endpoint, tick) names one change; should two records claim it, the index keeps the later one.
            byChange.computeIfAbsent(r.state().endpoint(), e -> new TreeMap<>()).put(r.state().tick(), r.uuid());
        }
        digest = newDigest;
    }

    /** Keys in {@link String#compareTo} order; the visitor runs under the store's lock. */
    @Override
    public synchronized void scanLive(KeyRange range, LiveRowVisitor visitor) {
        NavigableMap<String, Record> view = byUuid;
        if (range.from() != null && range.to() != null) {
            if (range.from().compareTo(range.to()) > 0) {
                return; // bounds the other way round in this order: no key lies between them
            }
            view = byUuid.subMap(range.from(), true, range.to(), false);
        } else if (range.from() != null) {
            view = byUuid.tailMap(range.from(), true);
        } else if (range.to() != null) {
            view = byUuid.headMap(range.to(), false);
        }
        for (Entry<String, Record> e : view.entrySet()) {
            if (!e.getValue().deleted() && !visitor.row(e.getKey(), e.getValue().payload())) {
                return;
            }
        }
    }

    /**
     * Replaces the content of the live record {@code uuid} without a change of its sync state or digest: an edit
     * behind the sync's back, as a restored backup or a write that bypasses the store would make, for tests of the
     * verify pass. Null {@code payload} removes the record altogether (no tombstone).
     */
    public synchronized void overwriteBehindTheSync(String uuid, SyncState state, Payload payload) {
        Record old = byUuid.get(uuid);
        if (old != null) {
            byChange.get(old.state().endpoint()).remove(old.state().tick(), old.uuid());
        }
        if (payload == null) {
            byUuid.remove(uuid);
            return;
        }
        Record r = Record.live(uuid, old != null ? old.state() : state, payload);
        byUuid.put(uuid, r);
        byChange.computeIfAbsent(r.state().endpoint(), e -> new TreeMap<>()).put(r.state().tick(), r.uuid());
    }

    @Override
    public synchronized long size() {
        return byUuid.size();
    }
}
