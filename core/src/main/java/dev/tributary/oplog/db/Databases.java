package dev.tributary.oplog.db;

import dev.tributary.oplog.access.IpfsAccessController;
import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.EntryApplier;
import dev.tributary.oplog.log.OpLog;
import dev.tributary.oplog.manifest.DatabaseAddress;
import dev.tributary.oplog.manifest.Manifest;
import dev.tributary.oplog.store.LogStore;
import dev.tributary.oplog.store.OplogStore;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point of the library: databases in OrbitDB 4's formats, kept in one store, written as one identity.
 *
 * <pre>{@code
 * try (Databases dbs = Databases.open(Path.of("data"), LocalIdentity.create("me", new SecureRandom()))) {
 *     KeyValue kv = dbs.keyValue("settings");
 *     kv.put("colour", "blue");
 *     kv.get("colour");                       // Optional[blue]
 *     kv.addListener(u -> System.out.println(u.cid() + " " + u.payload()));
 *     System.out.println(kv.address());       // /orbitdb/zdpu...: open it elsewhere by this address
 * }
 * }</pre>
 *
 * <p>Opening by name creates the database's access controller manifest ({@code {type: 'ipfs', write: [...]}})
 * and its manifest ({@code {name, type, accessController}}) as OrbitDB does, so the address is the one OrbitDB
 * computes for the same name, type and writers. Opening by address reads the manifest from the store (it must have
 * been created or replicated here). A database opened twice is the same handle until it is closed.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public final class Databases implements AutoCloseable {
    private final KeyValueStore owned;
    private final OplogStore store;
    private final LocalIdentity identity;
    private final Map<String, Database> open = new LinkedHashMap<>();
    private boolean closed;

    private Databases(KeyValueStore owned, OplogStore store, LocalIdentity identity) {
        this.owned = owned;
        this.store = store;
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** Databases kept in RocksDB in {@code dir} (created if needed). */
    public static Databases open(Path dir, LocalIdentity identity) {
        RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir);
        return new Databases(kv, OplogStore.on(kv), identity);
    }

    /** Databases held in memory, gone when closed: for tests. */
    public static Databases inMemory(LocalIdentity identity) {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        return new Databases(kv, OplogStore.on(kv), identity);
    }

    /** Databases in the "oplog" keyspace of a store shared with other parts of a node; closing leaves it open. */
    public static Databases on(KeyValueStore shared, LocalIdentity identity) {
        return new Databases(null, OplogStore.on(shared), identity);
    }

    public LocalIdentity identity() {
        return identity;
    }

    /** The store, for replication (blocks by CID) and tools. */
    public OplogStore store() {
        return store;
    }

    public Events events(String nameOrAddress) {
        return (Events) open(nameOrAddress, DatabaseType.EVENTS, AccessSpec.onlyCreator());
    }

    public KeyValue keyValue(String nameOrAddress) {
        return (KeyValue) open(nameOrAddress, DatabaseType.KEYVALUE, AccessSpec.onlyCreator());
    }

    public Documents documents(String nameOrAddress) {
        return documents(nameOrAddress, Documents.DEFAULT_INDEX, AccessSpec.onlyCreator());
    }

    public Documents documents(String nameOrAddress, String indexBy, AccessSpec access) {
        return (Documents) open(nameOrAddress, DatabaseType.DOCUMENTS, access, indexBy);
    }

    /**
     * Opens a database by address ({@code /orbitdb/<CID>}; {@code type} may then be null, and must otherwise match
     * the manifest's) or creates/opens one by name ({@code type} required; {@code access} says who may write).
     *
     * @throws IllegalArgumentException for a bad address, an unknown manifest, an empty name or a type mismatch
     */
    public Database open(String nameOrAddress, DatabaseType type, AccessSpec access) {
        return open(nameOrAddress, type, access, Documents.DEFAULT_INDEX);
    }

    private synchronized Database open(String nameOrAddress, DatabaseType type, AccessSpec access, String indexBy) {
        checkOpen();
        Objects.requireNonNull(nameOrAddress, "nameOrAddress");
        if (nameOrAddress.isBlank()) {
            throw new IllegalArgumentException("a database needs a name or an address; got an empty text");
        }
        if (indexBy == null || indexBy.isEmpty()) {
            throw new IllegalArgumentException("a documents database is indexed by a field name, not an empty text");
        }
        Opened opened = nameOrAddress.startsWith("/orbitdb/") ? byAddress(nameOrAddress, type)
                : byName(nameOrAddress, type, access == null ? AccessSpec.onlyCreator() : access);
        Database existing = open.get(opened.address);
        if (existing != null) {
            return existing;
        }
        Database db = create(opened, indexBy);
        open.put(opened.address, db);
        return db;
    }

    /**
     * Opens a database by address, first fetching its manifest and access-controller manifest through
     * {@code source} if this store lacks them (each block checked against its CID before it is kept). Completes
     * exceptionally, with an {@link IllegalArgumentException} in user terms, for a bad address, blocks the source
     * does not have or that do not match, or a type mismatch.
     */
    public CompletableFuture<Database> openFetching(String address, DatabaseType type, BlockSource source) {
        DatabaseAddress parsed;
        try {
            parsed = DatabaseAddress.parse(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return fetchBlock(parsed.cid(), "the manifest of " + address, source)
                .thenCompose(manifestBlock -> {
                    Manifest manifest;
                    Cid ac;
                    try {
                        manifest = Manifest.decode(manifestBlock);
                        ac = IpfsAccessController.parseAddress(manifest.accessController());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("the manifest of database " + address + " is malformed: "
                                + e.getMessage(), e);
                    }
                    return fetchBlock(ac, "the access controller " + manifest.accessController() + " of " + address,
                            source).thenApply(acBlock -> {
                                IpfsAccessController.decode(acBlock);
                                store.putBlock(ac, acBlock);
                                store.putBlock(parsed.cid(), manifestBlock);
                                return open(parsed.toString(), type, null);
                            });
                });
    }

    private CompletableFuture<byte[]> fetchBlock(Cid cid, String what, BlockSource source) {
        Optional<byte[]> here = store.block(cid);
        if (here.isPresent()) {
            return CompletableFuture.completedFuture(here.get());
        }
        return source.fetch(List.of(cid)).thenApply(blocks -> {
            byte[] block = blocks.get(cid);
            if (block == null) {
                throw new IllegalArgumentException(what + " is not here and the source does not have it");
            }
            if (!Cid.of(block).equals(cid)) {
                throw new IllegalArgumentException("the block given for " + what + " does not match its CID " + cid);
            }
            return block;
        });
    }

    private record Opened(String address, String name, DatabaseType type, String accessController,
            IpfsAccessController access) {
    }

    private Opened byName(String name, DatabaseType type, AccessSpec access) {
        if (type == null) {
            throw new IllegalArgumentException("creating database '" + name + "' needs a type: "
                    + DatabaseType.EVENTS + ", " + DatabaseType.KEYVALUE + " or " + DatabaseType.DOCUMENTS);
        }
        IpfsAccessController ac = IpfsAccessController.of(access.writeList(identity.identity().id()));
        store.putBlock(ac.cid(), ac.manifestBytes());
        Manifest manifest = Manifest.of(name, type.manifestName(), ac.address());
        store.putBlock(manifest.cid(), manifest.bytes());
        return new Opened(manifest.address().toString(), name, type, ac.address(), ac);
    }

    private Opened byAddress(String text, DatabaseType type) {
        DatabaseAddress address = DatabaseAddress.parse(text);
        byte[] block = store.block(address.cid()).orElseThrow(() -> new IllegalArgumentException(
                "database " + text + " is not known here: its manifest is not in this store (create it by name, "
                        + "or replicate it from a peer that has it)"));
        Manifest manifest;
        try {
            manifest = Manifest.decode(block);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the manifest of database " + text + " is malformed: " + e.getMessage(), e);
        }
        DatabaseType actual = DatabaseType.parse(manifest.type());
        if (type != null && type != actual) {
            throw new IllegalArgumentException("database " + text + " is " + actual.withArticle() + " database, not " + type);
        }
        Cid acCid = IpfsAccessController.parseAddress(manifest.accessController());
        byte[] acBlock = store.block(acCid).orElseThrow(() -> new IllegalArgumentException("the access controller "
                + manifest.accessController() + " of database " + text + " is not in this store"));
        IpfsAccessController ac = IpfsAccessController.decode(acBlock);
        return new Opened(address.toString(), manifest.name(), actual, manifest.accessController(), ac);
    }

    private Database create(Opened o, String indexBy) {
        EntryApplier applier = o.type == DatabaseType.EVENTS ? EntryApplier.NONE : KeyedIndex.INSTANCE;
        // Only the write list here: the log's checks verify the identity (cached) and the entry's key and signature
        // once; IpfsAccessController.canAppend would verify the identity's two signatures again for every entry.
        IpfsAccessController ac = o.access;
        OpLog log = OpLog.open(store, o.address, identity, (entry, writer) -> ac.allows(writer.id()), applier);
        LogStore logStore = log.store();
        if (store.database(logStore).isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("address", o.address);
            d.put("name", o.name);
            d.put("type", o.type.manifestName());
            d.put("accessController", o.accessController);
            store.putDatabase(logStore, DagCbor.encode(d));
        }
        return (switch (o.type) {
            case EVENTS -> new Events(this, o.address, o.name, o.accessController, log);
            case KEYVALUE -> new KeyValue(this, o.address, o.name, o.accessController, log);
            case DOCUMENTS -> new Documents(this, o.address, o.name, o.accessController, log, indexBy);
        }).withWriters(o.access.write());
    }

    /** The database at {@code address} if it is open. */
    public synchronized Optional<Database> get(String address) {
        return Optional.ofNullable(open.get(address));
    }

    /** Every database kept in this store, open or not, in the order they were created. */
    public synchronized List<DatabaseInfo> list() {
        checkOpen();
        List<DatabaseInfo> out = new ArrayList<>();
        for (byte[] d : store.databases()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) DagCbor.decode(d);
            String address = (String) m.get("address");
            long entries = store.log(address).size();
            out.add(new DatabaseInfo(address, (String) m.get("name"), DatabaseType.parse((String) m.get("type")),
                    (String) m.get("accessController"), entries));
        }
        return out;
    }

    synchronized void closed(Database db) {
        open.remove(db.address(), db);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the databases are closed");
        }
    }

    /** Closes every open database, and the store if this object opened it. */
    @Override
    public void close() {
        List<Database> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(open.values());
        }
        for (Database db : all) {
            db.close();
        }
        if (owned != null) {
            owned.close();
        } else {
            store.close();
        }
    }
}
