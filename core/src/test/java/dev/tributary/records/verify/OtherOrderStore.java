package dev.tributary.records.verify;

import dev.tributary.records.Digest;
import dev.tributary.records.KeyRange;
import dev.tributary.records.LiveRowVisitor;
import dev.tributary.records.Payload;
import dev.tributary.records.Record;
import dev.tributary.records.RecordStore;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Live rows only, ordered case-insensitively first (as a language collation would): a side that orders keys
 * differently from {@link dev.tributary.records.InMemoryRecordStore}'s code point order. Enough for the verify pass.
 */
final class OtherOrderStore implements RecordStore {
    private static final Comparator<String> ORDER = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());
    private final NavigableMap<String, Payload> rows = new TreeMap<>(ORDER);

    void put(String key, Payload p) {
        rows.put(key, p);
    }

    @Override
    public void scanLive(KeyRange range, LiveRowVisitor visitor) {
        for (Map.Entry<String, Payload> e : rows.entrySet()) {
            boolean in = (range.from() == null || ORDER.compare(e.getKey(), range.from()) >= 0)
                    && (range.to() == null || ORDER.compare(e.getKey(), range.to()) < 0);
            if (in && !visitor.row(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    @Override
    public Map<String, Payload> liveRows(Collection<String> keys) {
        Map<String, Payload> out = new HashMap<>();
        keys.forEach(k -> {
            if (rows.containsKey(k)) {
                out.put(k, rows.get(k));
            }
        });
        return out;
    }

    @Override
    public String endpoint() {
        return "urn:other-order";
    }

    @Override
    public Digest digest() {
        return Digest.empty(endpoint(), 5);
    }

    @Override
    public Optional<Record> get(String uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Record> changes(String endpoint, long fromTick, long toTickExclusive, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void commit(List<Record> records, Digest digest) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long size() {
        return rows.size();
    }
}
