package dev.tributary.node.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.node.db.DbException.Kind;
import dev.tributary.oplog.access.IpfsAccessController;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.DatabaseInfo;
import dev.tributary.oplog.db.DatabaseListener;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.Databases;
import dev.tributary.oplog.db.Documents;
import dev.tributary.oplog.db.Events;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.log.LogRange;
import dev.tributary.oplog.log.OpLog;
import dev.tributary.oplog.manifest.DatabaseAddress;
import dev.tributary.store.KeyValueStore;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The databases of a node (or of a data directory a command opens), as the HTTP routes and the {@code db} commands
 * use them: every operation takes and gives JSON ({@link DagJson}), finds a database by name or address without
 * ever creating one (only {@link #create} does), and refuses bad input with a {@link DbException} naming the
 * problem before anything is written: an unknown type or database, a malformed address or value, an operation of
 * another type, an entry over {@link OpLog#MAX_ENTRY_BYTES}, a write by an identity the access list does not name.
 *
 * <p>Thread safety: every method may be called from any thread ({@link Databases} is thread-safe).
 */
public final class NodeDatabases implements AutoCloseable {
    /** Most records one read returns. */
    public static final int MAX_LIMIT = 10_000;
    /**
     * An identity id of OrbitDB's {@code publickey} identities, the only ones Tributary verifies: the hex of a
     * compressed secp256k1 public key. A writer list naming anything else could never be matched.
     */
    private static final java.util.regex.Pattern IDENTITY_ID = java.util.regex.Pattern.compile("0[23][0-9a-f]{64}");
    /** Records a read returns when it does not say. */
    public static final int DEFAULT_LIMIT = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Databases databases;
    private final DbSettings settings;
    private volatile java.util.function.Consumer<Database> onOpen = db -> { };

    private NodeDatabases(Databases databases, DbSettings settings) {
        this.databases = databases;
        this.settings = settings;
    }

    /** The databases kept in {@code store} (a node's root store; its "oplog" and "db" keyspaces), written as {@code identity}. */
    public static NodeDatabases on(KeyValueStore store, LocalIdentity identity) {
        return new NodeDatabases(Databases.on(store, identity), new DbSettings(store));
    }

    public Databases databases() {
        return databases;
    }

    /** Tells {@code hook} of every database {@link #create} or {@link #find} gives (a node replicates them). */
    public void onOpen(java.util.function.Consumer<Database> hook) {
        onOpen = Objects.requireNonNull(hook);
    }

    /** The identity id this node writes as (what a write list names). */
    public String identityId() {
        return databases.identity().identity().id();
    }

    /** Every database in the store: {@code [{address, name, type, entries}]}, oldest first. */
    public ArrayNode list() {
        ArrayNode out = NODES.arrayNode();
        for (DatabaseInfo d : databases.list()) {
            ObjectNode o = out.addObject();
            o.put("address", d.address());
            o.put("name", d.name());
            o.put("type", d.type().manifestName());
            o.put("entries", d.entries());
        }
        return out;
    }

    /**
     * Creates a database by name (or opens it if it exists: the same name, type and writers give the same address),
     * or opens a known one by address.
     *
     * @param nameOrAddress a name, or {@code /orbitdb/<CID>}
     * @param type          {@code events}, {@code keyvalue} or {@code documents}; may be null with an address
     * @param write         identity ids that may write ({@code ["*"]}: anyone), or null for this node only
     * @param indexBy       for documents: the field documents are keyed by (null: {@code _id})
     * @return the database's {@link #info}
     */
    public ObjectNode create(String nameOrAddress, String type, List<String> write, String indexBy) {
        if (nameOrAddress == null || nameOrAddress.isBlank()) {
            throw new DbException(Kind.BAD_INPUT, "a database needs a name (or an address /orbitdb/...)");
        }
        DatabaseType t = null;
        if (type != null) {
            t = parseType(type);
        }
        if (indexBy != null && (indexBy.isEmpty() || t != null && t != DatabaseType.DOCUMENTS)) {
            throw new DbException(Kind.BAD_INPUT, indexBy.isEmpty() ? "indexBy is a field name, not an empty text"
                    : "indexBy applies to documents databases only, not " + t);
        }
        if (nameOrAddress.startsWith(DatabaseAddress.PREFIX)) {
            if (write != null) {
                throw new DbException(Kind.BAD_INPUT, "the writers of an existing database are fixed by its address;"
                        + " give \"write\" only when creating one by name");
            }
            Database db = find(nameOrAddress);
            if (t != null && db.type() != t) {
                throw new DbException(Kind.CONFLICT, "database " + db.address() + " is " + db.type().withArticle()
                        + " database, not " + t);
            }
            return info(db);
        }
        if (t == null) {
            throw new DbException(Kind.BAD_INPUT, "creating database '" + nameOrAddress
                    + "' needs a type: events, keyvalue or documents");
        }
        AccessSpec access = accessSpec(write);
        Database db;
        try {
            db = t == DatabaseType.DOCUMENTS
                    ? databases.documents(nameOrAddress, indexBy == null ? Documents.DEFAULT_INDEX : indexBy, access)
                    : databases.open(nameOrAddress, t, access);
        } catch (IllegalArgumentException e) {
            throw new DbException(Kind.BAD_INPUT, e.getMessage());
        }
        if (t == DatabaseType.DOCUMENTS) {
            String field = indexBy == null ? Documents.DEFAULT_INDEX : indexBy;
            String known = settings.indexBy(db.address()).orElse(null);
            if (known == null) {
                settings.setIndexBy(db.address(), field);
            } else if (!known.equals(field)) {
                throw new DbException(Kind.CONFLICT, "documents database " + db.address() + " is indexed by '" + known
                        + "', not '" + field + "'");
            }
        }
        onOpen.accept(db);
        return info(db);
    }

    private static AccessSpec accessSpec(List<String> write) {
        if (write == null) {
            return AccessSpec.onlyCreator();
        }
        if (write.isEmpty()) {
            throw new DbException(Kind.BAD_INPUT, "\"write\" names at least one writer (an identity id, or \"*\" for"
                    + " anyone); leave it out for this node only");
        }
        for (String id : write) {
            if (id != null && !id.isEmpty() && !id.equals(AccessSpec.ANYONE) && !IDENTITY_ID.matcher(id).matches()) {
                throw new DbException(Kind.BAD_INPUT, "a writer is an identity id (66 lowercase hex digits: a compressed"
                        + " secp256k1 public key, 02... or 03..., as 'tributary db info' shows under write) or \"*\" for"
                        + " anyone, not '" + id + "'");
            }
        }
        try {
            return write.equals(List.of(AccessSpec.ANYONE)) ? AccessSpec.anyone()
                    : AccessSpec.writers(write.toArray(String[]::new));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DbException(Kind.BAD_INPUT, "a writer is an identity id (hex) or \"*\", not an empty text");
        }
    }

    private static DatabaseType parseType(String type) {
        try {
            return DatabaseType.parse(type);
        } catch (IllegalArgumentException e) {
            throw new DbException(Kind.BAD_INPUT, e.getMessage());
        }
    }

    /** Documents looked at by {@link #learnIndexBy}: the newest ones. */
    static final int INDEX_SAMPLE = 20;

    /**
     * For a documents database fetched from a peer, whose index field is not remembered here (it is an option of
     * OrbitDB's {@code open}, not in the manifest): the one field that holds each of its newest documents' key,
     * remembered from now on, so that reads, writes and {@code info} here use the field its writers index by. Nothing
     * when the field is remembered already, there are no documents, or no single field fits them all.
     *
     * @return the field learned
     */
    public java.util.Optional<String> learnIndexBy(Documents docs) {
        if (settings.indexBy(docs.address()).isPresent()) {
            return java.util.Optional.empty();
        }
        java.util.Set<String> fields = null;
        Iterator<Documents.Document> newest = docs.iterator(INDEX_SAMPLE);
        while (newest.hasNext()) {
            Documents.Document d = newest.next();
            java.util.Set<String> holding = new java.util.HashSet<>();
            d.value().forEach((field, value) -> {
                if (Objects.equals(value, d.key())) {
                    holding.add(field);
                }
            });
            if (fields == null) {
                fields = holding;
            } else {
                fields.retainAll(holding);
            }
        }
        if (fields == null || fields.size() != 1) {
            return java.util.Optional.empty();
        }
        String field = fields.iterator().next();
        settings.setIndexBy(docs.address(), field);
        return java.util.Optional.of(field);
    }

    /**
     * The database {@code ref} names, opened: {@code /orbitdb/<CID>}, its CID alone, or its name (which must name
     * one database only). Never creates one.
     */
    public Database find(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new DbException(Kind.BAD_INPUT, "name a database: its name or its address /orbitdb/...");
        }
        String address = null;
        if (ref.startsWith(DatabaseAddress.PREFIX) || ref.startsWith("/")) {
            try {
                address = DatabaseAddress.parse(ref).toString();
            } catch (IllegalArgumentException e) {
                throw new DbException(Kind.BAD_INPUT, e.getMessage());
            }
        } else if (ref.startsWith("zdpu") && DatabaseAddress.isValid(DatabaseAddress.PREFIX + ref)) {
            address = DatabaseAddress.PREFIX + ref;
        }
        List<DatabaseInfo> all = databases.list();
        String wanted = address;
        List<DatabaseInfo> matches = address != null
                ? all.stream().filter(d -> d.address().equals(wanted)).toList()
                : all.stream().filter(d -> d.name().equals(ref)).toList();
        if (matches.isEmpty()) {
            throw new DbException(Kind.NOT_FOUND, address != null
                    ? "no database " + address + " here (create it by name, or open it by address from a connected"
                            + " peer that holds it: POST /db/databases {\"name\": \"" + address + "\"})"
                    : "no database named '" + ref + "' here (create it first)");
        }
        if (matches.size() > 1) {
            throw new DbException(Kind.CONFLICT, "the name '" + ref + "' is held by " + matches.size()
                    + " databases; name one by its address: " + String.join(", ",
                            matches.stream().map(d -> d.address() + " (" + d.type() + ")").toList()));
        }
        DatabaseInfo d = matches.get(0);
        Database db;
        try {
            if (d.type() == DatabaseType.DOCUMENTS) {
                db = databases.documents(d.address(), settings.indexBy(d.address()).orElse(Documents.DEFAULT_INDEX),
                        AccessSpec.onlyCreator());
            } else {
                db = databases.open(d.address(), d.type(), null);
            }
        } catch (IllegalArgumentException e) {
            throw new DbException(Kind.BAD_INPUT, e.getMessage());
        }
        onOpen.accept(db);
        return db;
    }

    /** {@code {address, name, type, accessController, write, canWrite, entries, heads, indexBy?}}. */
    public ObjectNode info(Database db) {
        ObjectNode o = NODES.objectNode();
        o.put("address", db.address());
        o.put("name", db.name());
        o.put("type", db.type().manifestName());
        o.put("accessController", db.accessController());
        ArrayNode write = o.putArray("write");
        IpfsAccessController ac = accessController(db);
        ac.write().forEach(write::add);
        o.put("canWrite", ac.allows(identityId()));
        o.put("entries", db.size());
        ArrayNode heads = o.putArray("heads");
        db.log().headCids().forEach(c -> heads.add(c.toString()));
        if (db instanceof Documents d) {
            o.put("indexBy", d.indexBy());
        }
        return o;
    }

    private IpfsAccessController accessController(Database db) {
        Cid cid = IpfsAccessController.parseAddress(db.accessController());
        byte[] block = databases.store().block(cid).orElseThrow(() -> new DbException(Kind.NOT_FOUND,
                "the access controller " + db.accessController() + " of " + db.address() + " is not in this store"));
        return IpfsAccessController.decode(block);
    }

    /** {@code put}: a key and a value in a keyvalue database, or a document (JSON object) in a documents one. */
    public ObjectNode put(Database db, String key, JsonNode value) {
        requireValue(value, "put");
        Object v = value(value);
        if (db instanceof KeyValue kv) {
            requireKey(key);
            if (v == null) {
                throw new DbException(Kind.BAD_INPUT, "a value cannot be null; del removes a key");
            }
            return written(write(db, KeyValueOp.PUT, key, v, () -> kv.put(key, v)));
        }
        if (db instanceof Documents docs) {
            if (!(v instanceof Map<?, ?>)) {
                throw new DbException(Kind.BAD_INPUT, "a document is a JSON object, with its key in field '"
                        + docs.indexBy() + "'");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) v;
            Object docKey = doc.get(docs.indexBy());
            if (key != null && !key.equals(String.valueOf(docKey))) {
                throw new DbException(Kind.BAD_INPUT, "a document's key is its field '" + docs.indexBy()
                        + "'; leave out \"key\" or give the same value");
            }
            return written(write(db, KeyValueOp.PUT, docKey, v, () -> docs.put(doc)));
        }
        throw wrongType(db, "put");
    }

    /** {@code add}: an event in an events database. */
    public ObjectNode add(Database db, JsonNode value) {
        requireValue(value, "add");
        Object v = value(value);
        if (db instanceof Events events) {
            return written(write(db, KeyValueOp.ADD, null, v, () -> events.add(v)));
        }
        throw wrongType(db, "add");
    }

    /** {@code del}: removes a key (keyvalue) or a document (documents; it must exist). */
    public ObjectNode del(Database db, String key) {
        requireKey(key);
        if (db instanceof KeyValue kv) {
            return written(write(db, KeyValueOp.DEL, key, null, () -> kv.del(key)));
        }
        if (db instanceof Documents docs) {
            Object k = documentKey(docs, key).orElseThrow(() -> new DbException(Kind.NOT_FOUND,
                    "no document with key '" + key + "' in " + db.address()));
            return written(write(db, KeyValueOp.DEL, k, null, () -> docs.del(k)));
        }
        throw wrongType(db, "del");
    }

    /** {@code get}: a key's value (keyvalue), a document (documents) or an event by its hash (events). */
    public ObjectNode get(Database db, String key) {
        requireKey(key);
        ObjectNode o = NODES.objectNode();
        if (db instanceof KeyValue kv) {
            Object v = kv.get(key).orElseThrow(() -> new DbException(Kind.NOT_FOUND,
                    "no key '" + key + "' in " + db.address()));
            o.put("key", key);
            o.set("value", DagJson.toJson(v));
            return o;
        }
        if (db instanceof Documents docs) {
            Object k = documentKey(docs, key).orElseThrow(() -> new DbException(Kind.NOT_FOUND,
                    "no document with key '" + key + "' in " + db.address()));
            Documents.Document d = docs.get(k).orElseThrow();
            o.set("key", DagJson.toJson(d.key()));
            o.set("value", DagJson.toJson(d.value()));
            o.put("hash", d.hash().toString());
            return o;
        }
        Events events = (Events) db;
        Cid cid = parseCid(key, "key");
        Object v = events.get(cid).orElseThrow(() -> new DbException(Kind.NOT_FOUND,
                "no event " + key + " in " + db.address()));
        o.put("hash", key);
        o.set("value", DagJson.toJson(v));
        return o;
    }

    /** A document's key as stored: the text, or else the whole number it reads as. */
    private static java.util.Optional<Object> documentKey(Documents docs, String key) {
        if (docs.get(key).isPresent()) {
            return java.util.Optional.of(key);
        }
        try {
            Long n = Long.valueOf(key);
            return docs.get(n).isPresent() ? java.util.Optional.of(n) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Reads newest first, at most {@code limit}: events {@code [{hash, value}]} within OrbitDB's bounds (CIDs of
     * entries of the log; null for none); keyvalue and documents their current records {@code [{key, value, hash}]}
     * (bounds do not apply).
     */
    public ArrayNode entries(Database db, Integer limit, String gt, String gte, String lt, String lte) {
        int amount = limit == null ? DEFAULT_LIMIT : limit;
        if (amount < 1 || amount > MAX_LIMIT) {
            throw new DbException(Kind.BAD_INPUT, "limit must be from 1 to " + MAX_LIMIT + ", not " + amount);
        }
        ArrayNode out = NODES.arrayNode();
        if (db instanceof Events events) {
            LogRange range = LogRange.all().amount(amount);
            range = gt == null ? range : range.gt(bound(events, gt, "gt"));
            range = gte == null ? range : range.gte(bound(events, gte, "gte"));
            range = lt == null ? range : range.lt(bound(events, lt, "lt"));
            range = lte == null ? range : range.lte(bound(events, lte, "lte"));
            Iterator<Events.Event> it = events.iterator(range);
            while (it.hasNext() && out.size() < amount) {
                Events.Event e = it.next();
                ObjectNode o = out.addObject();
                o.put("hash", e.hash().toString());
                o.set("value", DagJson.toJson(e.value()));
            }
            return out;
        }
        if (gt != null || gte != null || lt != null || lte != null) {
            throw new DbException(Kind.BAD_INPUT, "gt, gte, lt and lte bound the entries of an events database; a "
                    + db.type() + " database lists its current records");
        }
        if (db instanceof KeyValue kv) {
            Iterator<KeyValue.Record> it = kv.iterator(amount);
            while (it.hasNext()) {
                KeyValue.Record r = it.next();
                ObjectNode o = out.addObject();
                o.put("key", r.key());
                o.set("value", DagJson.toJson(r.value()));
                o.put("hash", r.hash().toString());
            }
            return out;
        }
        Iterator<Documents.Document> it = ((Documents) db).iterator(amount);
        while (it.hasNext()) {
            Documents.Document d = it.next();
            ObjectNode o = out.addObject();
            o.set("key", DagJson.toJson(d.key()));
            o.set("value", DagJson.toJson(d.value()));
            o.put("hash", d.hash().toString());
        }
        return out;
    }

    /** Documents whose {@code field} equals {@code value} (JSON, compared as dag-cbor values), newest first. */
    public ArrayNode query(Database db, String field, JsonNode value, Integer limit) {
        if (!(db instanceof Documents docs)) {
            throw new DbException(Kind.CONFLICT, "query is for documents databases; " + db.address() + " is "
                    + db.type().withArticle() + " database");
        }
        if (field == null || field.isEmpty()) {
            throw new DbException(Kind.BAD_INPUT, "query needs a \"field\" to match");
        }
        requireValue(value, "query");
        int amount = limit == null ? DEFAULT_LIMIT : limit;
        if (amount < 1 || amount > MAX_LIMIT) {
            throw new DbException(Kind.BAD_INPUT, "limit must be from 1 to " + MAX_LIMIT + ", not " + amount);
        }
        Object wanted = value(value);
        ArrayNode out = NODES.arrayNode();
        Iterator<Documents.Document> it = docs.iterator(-1);
        while (it.hasNext() && out.size() < amount) {
            Map<String, Object> doc = it.next().value();
            if (doc != null && doc.containsKey(field) && sameValue(doc.get(field), wanted)) {
                out.add(DagJson.toJson(doc));
            }
        }
        return out;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    /** Tells {@code listener} of every entry applied to {@code db}; returns what stops it. */
    public AutoCloseable watch(Database db, DatabaseListener listener) {
        db.addListener(listener);
        return () -> db.removeListener(listener);
    }

    /** An applied entry as a JSON line: {@code {address, hash, local, payload}}. */
    public static ObjectNode update(DatabaseListener.Update u) {
        ObjectNode o = NODES.objectNode();
        o.put("address", u.address());
        o.put("hash", u.cid().toString());
        o.put("local", u.local());
        o.set("payload", DagJson.toJson(u.payload()));
        return o;
    }

    private enum KeyValueOp { PUT, DEL, ADD }

    /** Checks access and size, then writes; every refusal comes before the write. */
    private Cid write(Database db, KeyValueOp op, Object key, Object value, java.util.function.Supplier<Cid> write) {
        IpfsAccessController ac = accessController(db);
        if (!ac.allows(identityId())) {
            throw new DbException(Kind.NO_WRITE_ACCESS, "this node's identity " + identityId() + " may not write to "
                    + db.address() + " (its writers: " + String.join(", ", ac.write()) + ")");
        }
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("op", op.name());
        payload.put("key", key);
        payload.put("value", value);
        int size;
        try {
            size = DagCbor.encode(payload).length;
        } catch (IllegalArgumentException e) {
            throw new DbException(Kind.BAD_INPUT, "the value has no dag-cbor form: " + e.getMessage());
        }
        if (size > OpLog.MAX_ENTRY_BYTES) {
            throw new DbException(Kind.TOO_LARGE, "the operation takes " + size + " bytes; an entry holds at most "
                    + OpLog.MAX_ENTRY_BYTES);
        }
        try {
            return write.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "refused" : e.getMessage();
            throw new DbException(m.startsWith("the entry would take") ? Kind.TOO_LARGE : Kind.BAD_INPUT, m);
        } catch (IllegalStateException e) {
            throw new DbException(Kind.NO_WRITE_ACCESS, e.getMessage());
        }
    }

    private ObjectNode written(Cid hash) {
        ObjectNode o = NODES.objectNode();
        o.put("hash", hash.toString());
        return o;
    }

    private static Cid bound(Events db, String text, String name) {
        Cid cid = parseCid(text, name);
        if (!db.log().has(cid)) {
            throw new DbException(Kind.NOT_FOUND, name + " names entry " + text + ", which is not in " + db.address());
        }
        return cid;
    }

    private static Cid parseCid(String text, String name) {
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DbException(Kind.BAD_INPUT, name + " is the hash of an entry (zdpu...): " + e.getMessage());
        }
    }

    private static Object value(JsonNode json) {
        try {
            return DagJson.toValue(json);
        } catch (IllegalArgumentException e) {
            throw new DbException(Kind.BAD_INPUT, e.getMessage());
        }
    }

    /** A key is given and not empty; over HTTP a missing one is a query or field left out, said as such. */
    private static void requireKey(String key) {
        if (key == null) {
            throw new DbException(Kind.BAD_INPUT, "no key given (GET .../get takes it as ?key=K; put and del as"
                    + " \"key\" in the body)");
        }
        if (key.isEmpty()) {
            throw new DbException(Kind.BAD_INPUT, "the key is empty: a key is a non-empty text");
        }
    }

    private static void requireValue(JsonNode value, String op) {
        if (value == null || value.isMissingNode()) {
            throw new DbException(Kind.BAD_INPUT, op + " needs a \"value\"");
        }
    }

    private static DbException wrongType(Database db, String op) {
        return new DbException(Kind.CONFLICT, db.address() + " is " + db.type().withArticle()
                + " database: it takes " + switch (db.type()) {
                    case EVENTS -> "add";
                    case KEYVALUE -> "put and del";
                    case DOCUMENTS -> "put and del";
                } + ", not " + op);
    }

    /** Closes the open databases (the store stays open: it is the node's). */
    @Override
    public void close() {
        databases.close();
    }
}
