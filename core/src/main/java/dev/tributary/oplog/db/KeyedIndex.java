package dev.tributary.oplog.db;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.log.EntryApplier;
import dev.tributary.oplog.log.OpLog;
import dev.tributary.oplog.store.LogStore;
import dev.tributary.oplog.store.OrderKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The index of a keyvalue or documents database: for each key, its latest operation in log order (a put or a
 * delete), and the live keys newest first. OrbitDB answers {@code get} by traversing the log from the heads and
 * taking the first operation on the key; the latest operation in the total order is that same entry, so the
 * index gives OrbitDB's answer without a traversal, and stays right when a join brings older operations (they
 * lose to the recorded one). Payloads that are not {@code {op: 'PUT'|'DEL', key, ...}} change nothing, as in
 * OrbitDB. Keys are indexed by their dag-cbor encoding: a key is matched by value and type.
 */
final class KeyedIndex implements EntryApplier {
    static final KeyedIndex INSTANCE = new KeyedIndex();

    /** A live key: its latest put's entry and value. */
    record Live(Cid hash, Object key, Object value) {
    }

    @Override
    public void apply(Entry entry, OrderKey at, LogStore.LogBatch batch) {
        if (!(entry.payload() instanceof Map<?, ?> op) || !op.containsKey("key")) {
            return;
        }
        Object kind = op.get("op");
        boolean delete = "DEL".equals(kind);
        if (!delete && !"PUT".equals(kind)) {
            return;
        }
        byte[] key = DagCbor.encode(op.get("key"));
        Optional<LogStore.IndexValue> current = batch.index(key);
        if (current.isEmpty() || at.compareTo(current.get().at()) > 0) {
            batch.setIndex(key, new LogStore.IndexValue(delete, at));
        }
    }

    /** The latest put of {@code key}, unless a later delete removed it. */
    static Optional<Live> get(OpLog log, Object key) {
        Optional<LogStore.IndexValue> v = log.store().index(DagCbor.encode(key));
        if (v.isEmpty() || v.get().deleted()) {
            return Optional.empty();
        }
        return live(log, v.get().at().cid());
    }

    private static Optional<Live> live(OpLog log, Cid cid) {
        return log.payload(cid).map(p -> {
            Map<?, ?> op = (Map<?, ?>) p;
            return new Live(cid, op.get("key"), op.get("value"));
        });
    }

    /** Live keys newest first, at most {@code amount} (-1: all), read a page at a time. */
    static Iterator<Live> iterator(OpLog log, int amount) {
        return new Iterator<>() {
            private final List<Live> page = new ArrayList<>();
            private OrderKey from;
            private boolean done = amount == 0;
            private long returned;
            private boolean skipFirst;

            @Override
            public boolean hasNext() {
                if (page.isEmpty() && !done) {
                    List<OrderKey> keys = new ArrayList<>();
                    log.store().scanLive(from, (at, k) -> {
                        if (skipFirst && at.equals(from)) {
                            return true;
                        }
                        keys.add(at);
                        return keys.size() < 256;
                    });
                    if (keys.size() < 256) {
                        done = true;
                    }
                    if (!keys.isEmpty()) {
                        from = keys.get(keys.size() - 1);
                        skipFirst = true;
                    }
                    for (OrderKey k : keys) {
                        live(log, k.cid()).ifPresent(page::add);
                    }
                }
                return !page.isEmpty() && (amount < 0 || returned < amount);
            }

            @Override
            public Live next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                returned++;
                return page.remove(0);
            }
        };
    }
}
