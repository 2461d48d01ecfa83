package dev.tributary.oplog.db;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.log.OpLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keys to values (OrbitDB's {@code keyvalue} database): {@code put} appends {@code {op: 'PUT', key, value}},
 * {@code del} appends {@code {op: 'DEL', key, value: null}}; the last writer in log order wins. Reads use the
 * database index, not the log.
 */
public final class KeyValue extends Database {
    /** A key with its current value and the entry that wrote it. */
    public record Record(String key, Object value, Cid hash) {
    }

    KeyValue(Databases owner, String address, String name, String accessController, OpLog log) {
        super(owner, address, name, accessController, log);
    }

    @Override
    public DatabaseType type() {
        return DatabaseType.KEYVALUE;
    }

    /** Sets {@code key} to {@code value} (any dag-cbor value but null); returns the entry's CID. */
    public Cid put(String key, Object value) {
        requireKey(key);
        if (value == null) {
            throw new IllegalArgumentException("a value cannot be null; use del to remove key '" + key + "'");
        }
        return write(op("PUT", key, value));
    }

    /** Removes {@code key} (a delete is written even if the key has no value, as OrbitDB does). */
    public Cid del(String key) {
        requireKey(key);
        return write(op("DEL", key, null));
    }

    /** The current value of {@code key}. */
    public Optional<Object> get(String key) {
        requireKey(key);
        return KeyedIndex.get(log(), key).map(KeyedIndex.Live::value);
    }

    /** Current keys newest first (by the entry that last wrote them), at most {@code amount} (-1: all). */
    public Iterator<Record> iterator(int amount) {
        Iterator<KeyedIndex.Live> it = KeyedIndex.iterator(log(), amount);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Record next() {
                KeyedIndex.Live l = it.next();
                return new Record(String.valueOf(l.key()), l.value(), l.hash());
            }
        };
    }

    /** Every current key, oldest write first (OrbitDB's {@code all()}); reads them all into memory. */
    public List<Record> all() {
        List<Record> out = new ArrayList<>();
        iterator(-1).forEachRemaining(out::add);
        Collections.reverse(out);
        return out;
    }

    static Map<String, Object> op(String kind, Object key, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", kind);
        op.put("key", key);
        op.put("value", value);
        return op;
    }

    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a key is a non-empty text");
        }
    }
}
