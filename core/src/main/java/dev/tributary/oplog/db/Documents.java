package dev.tributary.oplog.db;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.log.OpLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Documents (maps) indexed by one of their fields (OrbitDB's {@code documents} database, {@code indexBy}, default
 * {@code _id}): {@code put} appends {@code {op: 'PUT', key: doc[indexBy], value: doc}}, {@code del} appends
 * {@code {op: 'DEL', key, value: null}}. The index is by the operation's key, so documents joined from a replica
 * that indexes by another field are found by theirs.
 */
public final class Documents extends Database {
    /** OrbitDB's default index field. */
    public static final String DEFAULT_INDEX = "_id";

    /** A document with its key and the entry that wrote it. */
    public record Document(Cid hash, Object key, Map<String, Object> value) {
    }

    private final String indexBy;

    Documents(Databases owner, String address, String name, String accessController, OpLog log, String indexBy) {
        super(owner, address, name, accessController, log);
        this.indexBy = indexBy;
    }

    @Override
    public DatabaseType type() {
        return DatabaseType.DOCUMENTS;
    }

    /** The field documents are indexed by. */
    public String indexBy() {
        return indexBy;
    }

    /**
     * Stores {@code doc} under its {@code indexBy} field, which must be a non-empty text or a number (OrbitDB
     * refuses a missing or falsy key too).
     */
    public Cid put(Map<String, Object> doc) {
        Object key = doc.get(indexBy);
        if (key == null || "".equals(key) || Long.valueOf(0).equals(key) || Boolean.FALSE.equals(key)) {
            throw new IllegalArgumentException("the document has no field '" + indexBy + "' to index it by");
        }
        if (!(key instanceof String) && !(key instanceof Long) && !(key instanceof Integer)) {
            throw new IllegalArgumentException("the field '" + indexBy + "' of a document is a text or a whole number, not "
                    + key.getClass().getSimpleName());
        }
        Object normalized = key instanceof Integer i ? Long.valueOf(i) : key;
        return write(KeyValue.op("PUT", normalized, doc));
    }

    /** Deletes the document with this key; fails if there is none (as OrbitDB does). */
    public Cid del(Object key) {
        Object k = normalize(key);
        if (KeyedIndex.get(log(), k).isEmpty()) {
            throw new IllegalArgumentException("no document with key '" + key + "' in " + address());
        }
        return write(KeyValue.op("DEL", k, null));
    }

    /** The document with this key. */
    public java.util.Optional<Document> get(Object key) {
        return KeyedIndex.get(log(), normalize(key)).map(Documents::document);
    }

    /** The documents {@code filter} accepts, newest first (OrbitDB's {@code query}). */
    public List<Map<String, Object>> query(Predicate<Map<String, Object>> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        Iterator<Document> it = iterator(-1);
        while (it.hasNext()) {
            Map<String, Object> doc = it.next().value();
            if (doc != null && filter.test(doc)) {
                out.add(doc);
            }
        }
        return out;
    }

    /** Current documents newest first, at most {@code amount} (-1: all). */
    public Iterator<Document> iterator(int amount) {
        Iterator<KeyedIndex.Live> it = KeyedIndex.iterator(log(), amount);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Document next() {
                return document(it.next());
            }
        };
    }

    /** Every current document, oldest write first (OrbitDB's {@code all()}); reads them all into memory. */
    public List<Document> all() {
        List<Document> out = new ArrayList<>();
        iterator(-1).forEachRemaining(out::add);
        Collections.reverse(out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Document document(KeyedIndex.Live l) {
        Map<String, Object> value = l.value() instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        return new Document(l.hash(), l.key(), value);
    }

    private static Object normalize(Object key) {
        if (key == null) {
            throw new IllegalArgumentException("a document key is a text or a whole number, not null");
        }
        return key instanceof Integer i ? Long.valueOf(i) : key;
    }
}
