package dev.tributary.oplog.db;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.log.LogRange;
import dev.tributary.oplog.log.OpLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An append-only log of events (OrbitDB's {@code events} database): each {@link #add} appends
 * {@code {op: 'ADD', key: null, value}}. No index: reads go through the log's order index.
 */
public final class Events extends Database {
    /** An event: its entry's CID and its value. */
    public record Event(Cid hash, Object value) {
    }

    Events(Databases owner, String address, String name, String accessController, OpLog log) {
        super(owner, address, name, accessController, log);
    }

    @Override
    public DatabaseType type() {
        return DatabaseType.EVENTS;
    }

    /** Adds an event (any dag-cbor value); returns its entry's CID. */
    public Cid add(Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "ADD");
        op.put("key", null);
        op.put("value", value);
        return write(op);
    }

    /** The value of the event {@code hash}, if it is in this database. */
    public Optional<Object> get(Cid hash) {
        return log().get(hash).map(Events::value);
    }

    /** Events newest first within OrbitDB's bounds. */
    public Iterator<Event> iterator(LogRange range) {
        Iterator<Entry> it = log().iterator(range);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Event next() {
                Entry e = it.next();
                return new Event(e.cid(), value(e));
            }
        };
    }

    /** Every event, oldest first (OrbitDB's {@code all()}); reads them all into memory. */
    public List<Event> all() {
        List<Event> out = new ArrayList<>();
        iterator(LogRange.all()).forEachRemaining(out::add);
        Collections.reverse(out);
        return out;
    }

    static Object value(Entry e) {
        return e.payload() instanceof Map<?, ?> m ? m.get("value") : null;
    }
}
