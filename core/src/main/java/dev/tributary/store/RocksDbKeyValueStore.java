package dev.tributary.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * A {@link KeyValueStore} kept by RocksDB in one directory, in RocksDB's default column family with its
 * default bytewise comparator, which is {@link ByteKeys#ORDER}. Keys and values are stored as given; what
 * they mean is the caller's layout (the chain store's is drawn in
 * {@code dev.tributary.chain.store.KeyValueSyncPersist}).
 *
 * <h2>Keyspaces</h2>
 * Each {@link #keyspace(String) keyspace} is a RocksDB column family of that name, created on first use and
 * opened with the database from then on: its own sorted keys, tables and settings, in the same directory,
 * write-ahead log and block cache. Several parts of a node (a chain, a DAG, databases) share one store this
 * way without sharing a key.
 *
 * <h2>Durability</h2>
 * A {@link WriteBatch} is encoded in Java into RocksDB's own serialized batch format ({@code RocksBatchEncoder}) and
 * handed over in one native call, however many operations it holds. Every write, a {@link WriteBatch} included, is one record in RocksDB's write-ahead log, checksummed,
 * appended before the call returns; the log is replayed on open in point-in-time recovery mode, which
 * stops at the first torn or corrupt record. Hence:
 * <ul>
 *   <li><b>Process crash</b> (an exception, {@code kill -9}, an OOM kill): nothing that a returned write
 *       call wrote is lost, since the log record is already in the operating system's page cache.</li>
 *   <li><b>Machine crash or power loss</b>, by default ({@link Config#syncWrites()} false): the last
 *       writes, those the operating system had not yet written to disk, may be lost, but the store
 *       reopens as it was after some prefix of the writes: never a torn batch, never a later write
 *       without an earlier one.</li>
 *   <li>With {@link Config#syncWrites()} true every write is fsynced before it returns, so returned
 *       writes survive power loss too, at the cost of one fsync per write.</li>
 * </ul>
 *
 * <p><b>Unlogged writes</b> ({@link #writeUnlogged}) skip the log: a sync's bulk headers, which a peer serves again,
 * are then written at about half the cost (the log's checksum and its copy into the page cache are most of a large
 * write's time). They live in the memtable until RocksDB flushes it to a table file (at 64 MiB, or on close), so a
 * process crash may lose the last of them. Before a logged write of the same keyspace the keyspace's memtable is
 * flushed, so a crash never keeps a later write without an earlier one; after such a forced flush, unlogged writes
 * keep the log for a minute, so that a workload mixing both (headers and blocks) forces one small table file a minute
 * at most ({@code UnloggedWrites}). With {@link Config#syncWrites()} true every write keeps the log.
 *
 * <h2>Tuning</h2>
 * Block bodies are keyed by 32-byte hashes, so their reads are random point lookups (a chain's headers are keyed
 * by height first, so a sync's writes append): tables use a shared LRU block
 * cache ({@link Config#blockCacheBytes()}), a 10-bit-per-key Bloom filter (about 1% false positives,
 * so a lookup of an absent key rarely touches the disk) and index and filter blocks held in that cache.
 * The memtables have a whole-key Bloom filter too ({@value #MEMTABLE_BLOOM_RATIO} of the write buffer, about
 * 1.3 MB for 64 MiB): a batch's membership lookup of keys not yet stored (an oplog join's first step, every entry
 * fresh) answers from it instead of searching the memtable's skip list for each key.
 * Table files are read through memory maps and their data blocks are not compressed: a lookup then reads its
 * block in place, where a read through the file copied it out of the page cache with a system call, decompressed
 * it and put it in the block cache (serving a fresh peer 100,000 oplog entries, each looked up by its hash,
 * cost half the CPU that way). What they hold compresses little anyway (hashes, signatures, keys). Values of
 * 4 KiB and more (block bodies, where scripts compress somewhat) go to LZ4-compressed blob files, so compactions
 * move only their small references. At most 512 files are kept open.
 *
 * <h2>Concurrency and closing</h2>
 * RocksDB itself is thread-safe. A read-write lock keeps {@link #close()} from freeing native handles
 * under a running operation: operations share it, close takes it exclusively, waits for them, flushes every
 * keyspace's memtable to table files (so that the next open has next to no write-ahead log to replay: replaying a
 * node's 100,000-entry oplog took 0.5 s of its restart), and then releases the database, the options, the filter and
 * the cache, in that order. A process that ends without closing recovers from the log as described above. Close is idempotent; after
 * it every operation throws {@link StoreException}. A scan's iterator reads the implicit snapshot RocksDB
 * takes when it is created, and does not fill the block cache: a start-up scan of every header would
 * otherwise evict what point lookups need.
 *
 * <h2>The directory</h2>
 * RocksDB's own files, in RocksDB's format: {@code LOCK} (held while open, which is how a second opener
 * is refused), {@code CURRENT} and {@code MANIFEST-*} (which files make up the database),
 * {@code *.log} (the write-ahead log), {@code *.sst} (sorted tables of keys and small values),
 * {@code *.blob} (large values), {@code OPTIONS-*}, and RocksDB's diagnostic {@code LOG} files (at most
 * five of 16 MiB are kept).
 */
public final class RocksDbKeyValueStore implements KeyValueStore {
    /** Values at least this long are stored in blob files. */
    private static final long MIN_BLOB_SIZE = 4096;
    private static final int MAX_OPEN_FILES = 512;
    /** The memtable Bloom filter's size as a fraction of the write buffer (RocksDB's memtable_prefix_bloom_size_ratio). */
    private static final double MEMTABLE_BLOOM_RATIO = 0.02;
    private static final byte[] NO_VALUE = new byte[0];

    /**
     * How a store is opened.
     *
     * @param syncWrites      fsync the log on every write, so that returned writes survive power loss
     * @param blockCacheBytes capacity of the block cache
     */
    public record Config(boolean syncWrites, long blockCacheBytes) {
        public Config {
            if (blockCacheBytes <= 0) {
                throw new IllegalArgumentException("block cache must be positive: " + blockCacheBytes);
            }
        }

        /** No fsync per write, a 64 MiB block cache. */
        public static Config defaults() {
            return new Config(false, 64L << 20);
        }

        public Config withSyncWrites(boolean sync) {
            return new Config(sync, blockCacheBytes);
        }

        public Config withBlockCacheBytes(long bytes) {
            return new Config(syncWrites, bytes);
        }
    }

    @FunctionalInterface
    private interface RocksCall<T> {
        T call() throws RocksDBException;
    }

    private final Path directory;
    private final RocksDB db;
    private final DBOptions options;
    private final ColumnFamilyOptions columnOptions;
    private final ColumnFamilyHandle defaultFamily;
    /** Keyspaces opened or created, by name; guarded by {@code lock}'s write lock for creation. */
    private final Map<String, ColumnFamilyHandle> families = new HashMap<>();
    private final Map<String, Keyspace> keyspaces = new HashMap<>();
    private final BloomFilter filter;
    private final Cache cache;
    private final WriteOptions writeOptions;
    /** For {@link #writeUnlogged}: no write-ahead log; null when every write is synced, which needs the log. */
    private final WriteOptions unloggedOptions;
    private final long unloggedPauseNanos;
    /** Per column family (by id), its writes that skipped the log. */
    private final Map<Integer, UnloggedWrites> unlogged = new java.util.concurrent.ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private final LargeValueBatches largeValueBatches = new LargeValueBatches();
    private boolean closed;

    private RocksDbKeyValueStore(Path directory, RocksDB db, DBOptions options, ColumnFamilyOptions columnOptions,
            List<ColumnFamilyHandle> handles, BloomFilter filter, Cache cache, WriteOptions writeOptions,
            WriteOptions unloggedOptions, long unloggedPauseNanos) {
        this.directory = directory;
        this.db = db;
        this.options = options;
        this.columnOptions = columnOptions;
        this.defaultFamily = handles.get(0);
        for (ColumnFamilyHandle h : handles.subList(1, handles.size())) {
            try {
                families.put(new String(h.getName(), StandardCharsets.UTF_8), h);
            } catch (RocksDBException e) {
                throw new StoreException("cannot read a column family's name in " + directory + ": " + e.getMessage(), e);
            }
        }
        this.filter = filter;
        this.cache = cache;
        this.writeOptions = writeOptions;
        this.unloggedOptions = unloggedOptions;
        this.unloggedPauseNanos = unloggedPauseNanos;
    }

    /** Opens the store in {@code dir} with {@link Config#defaults()}, creating it if missing. */
    public static RocksDbKeyValueStore open(Path dir) {
        return open(dir, Config.defaults());
    }

    /**
     * Opens the store in {@code dir}, creating the directory and the database if missing.
     *
     * @throws StoreException naming the directory when it cannot be created or written, when another
     *                        process (or another store in this process) has it open, or when RocksDB
     *                        cannot open it
     */
    public static RocksDbKeyValueStore open(Path dir, Config config) {
        return open(dir, config, UnloggedWrites.DEFAULT_PAUSE_NANOS);
    }

    /**
     * As {@link #open(Path, Config)}, with unlogged writes keeping the log for {@code unloggedPauseNanos} after each
     * flush a logged write forced ({@link UnloggedWrites}); for tests.
     */
    static RocksDbKeyValueStore open(Path dir, Config config, long unloggedPauseNanos) {
        Path directory = dir.toAbsolutePath().normalize();
        prepareDirectory(directory);
        RocksDB.loadLibrary();
        Cache cache = new LRUCache(config.blockCacheBytes());
        BloomFilter filter = new BloomFilter(10);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(filter)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        ColumnFamilyOptions columnOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setMemtableWholeKeyFiltering(true)
                .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setEnableBlobFiles(true)
                .setMinBlobSize(MIN_BLOB_SIZE)
                .setBlobCompressionType(CompressionType.LZ4_COMPRESSION);
        DBOptions options = new DBOptions()
                .setCreateIfMissing(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setMaxOpenFiles(MAX_OPEN_FILES)
                .setKeepLogFileNum(5)
                .setMaxLogFileSize(16L << 20)
                .setAllowMmapReads(true);
        WriteOptions writeOptions = new WriteOptions().setSync(config.syncWrites()).setDisableWAL(false);
        WriteOptions unloggedOptions = config.syncWrites() ? null : new WriteOptions().setDisableWAL(true);
        try {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
            for (byte[] name : existingFamilies(directory)) {
                if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    descriptors.add(new ColumnFamilyDescriptor(name, columnOptions));
                }
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles);
            return new RocksDbKeyValueStore(directory, db, options, columnOptions, handles, filter, cache, writeOptions,
                    unloggedOptions, unloggedPauseNanos);
        } catch (RocksDBException e) {
            writeOptions.close();
            if (unloggedOptions != null) {
                unloggedOptions.close();
            }
            options.close();
            columnOptions.close();
            filter.close();
            cache.close();
            throw openFailure(directory, e);
        }
    }

    /**
     * Opens the store in {@code dir} and returns its keyspace {@code name}, which owns the store: closing it closes
     * the store. For a tool that works on one part of a stopped node's store.
     */
    public static KeyValueStore openKeyspace(Path dir, Config config, String name) {
        return open(dir, config).keyspaceOwningStore(name);
    }

    /**
     * This store's keyspace {@code name} as the owner of the store: closing it closes the store (and the store is
     * closed here if the keyspace cannot be opened).
     */
    public KeyValueStore keyspaceOwningStore(String name) {
        try {
            return new StoreView(name, keyspace(name), this);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public List<String> keyspaces() {
        lock.readLock().lock();
        try {
            return families.keySet().stream().sorted().toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The column families of an existing database; none for a new one. */
    private static List<byte[]> existingFamilies(Path directory) throws RocksDBException {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options probe = new Options()) {
            return RocksDB.listColumnFamilies(probe, directory.toString());
        }
    }

    /**
     * The keyspace {@code name}: a column family of this database, created when it does not exist yet. The view
     * shares this store's lifetime: closing it only ends the view; closing this store closes every view.
     *
     * @throws IllegalArgumentException when {@code name} is empty or RocksDB's own {@code default}
     */
    @Override
    public KeyValueStore keyspace(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.equals("default")) {
            throw new IllegalArgumentException("invalid keyspace name: '" + name + "'");
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new StoreException(this + " is closed");
            }
            Keyspace existing = keyspaces.get(name);
            if (existing != null && !existing.viewClosed) {
                return existing;
            }
            ColumnFamilyHandle handle = families.get(name);
            if (handle == null) {
                handle = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8),
                        columnOptions));
                families.put(name, handle);
            }
            Keyspace k = new Keyspace(name, handle);
            keyspaces.put(name, k);
            return k;
        } catch (RocksDBException e) {
            throw new StoreException("cannot create keyspace " + name + " in datadir " + directory + ": "
                    + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void prepareDirectory(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new StoreException("datadir " + directory + " is not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("cannot create datadir " + directory + ": " + e, e);
        }
        if (!Files.isWritable(directory)) {
            throw new StoreException("datadir " + directory + " is not writable");
        }
    }

    private static StoreException openFailure(Path directory, RocksDBException e) {
        String status = String.valueOf(e.getMessage());
        if (status.contains("lock hold by current process")) {
            return StoreException.inUse("datadir " + directory + " is already open in this process", e);
        }
        if (status.contains("Permission denied") || status.contains("Read-only file system")) {
            return new StoreException("datadir " + directory + " is not writable: " + status, e);
        }
        // POSIX fcntl lock refused: "While lock file: <dir>/LOCK: Resource temporarily unavailable".
        if (status.startsWith("While lock file")) {
            return StoreException.inUse("datadir " + directory + " is in use by another process (it holds "
                    + directory.resolve("LOCK") + "); stop it or choose another datadir", e);
        }
        return new StoreException("cannot open RocksDB store in datadir " + directory + ": " + status, e);
    }

    /** The directory the store lives in, absolute. */
    /** Writes made since the store was opened, over all its keyspaces: each put, delete and batch is one. */
    public long writeCount() {
        return writes.get();
    }

    /**
     * What the store takes: its table files and its memtables, over all keyspaces, in bytes (RocksDB's estimate);
     * 0 once closed. Any thread.
     */
    public long sizeBytes() {
        lock.readLock().lock();
        try {
            if (closed) {
                return 0;
            }
            return db.getAggregatedLongProperty("rocksdb.total-sst-files-size")
                    + db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            return 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        return get(defaultFamily, key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return getAll(defaultFamily, keys);
    }

    @Override
    public boolean contains(byte[] key) {
        return contains(defaultFamily, key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        put(defaultFamily, key, value);
    }

    @Override
    public void delete(byte[] key) {
        delete(defaultFamily, key);
    }

    @Override
    public void write(WriteBatch batch) {
        write(defaultFamily, batch);
    }

    @Override
    public void writeUnlogged(WriteBatch batch) {
        writeUnlogged(defaultFamily, batch);
    }

    @Override
    public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
        scan(defaultFamily, fromInclusive, toExclusive, visitor);
    }

    @Override
    public void scanKeys(byte[] fromInclusive, byte[] toExclusive, KeyVisitor visitor) {
        scanKeys(defaultFamily, fromInclusive, toExclusive, visitor);
    }

    private Optional<byte[]> get(ColumnFamilyHandle family, byte[] key) {
        Objects.requireNonNull(key, "key");
        return guarded("get", key, () -> Optional.ofNullable(db.get(family, key)));
    }

    /** One native {@code multiGet} for all of {@code keys}, in their order; null for those absent. */
    private List<byte[]> getAll(ColumnFamilyHandle family, List<byte[]> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            return new java.util.ArrayList<>();
        }
        return guarded("get of " + keys.size() + " keys", null, () -> {
            List<ColumnFamilyHandle> families = java.util.Collections.nCopies(keys.size(), family);
            return new java.util.ArrayList<>(db.multiGetAsList(families, keys));
        });
    }

    /**
     * Looks the key up without copying its value into the Java heap: RocksDB's {@code get} into a
     * zero-length buffer reports the value's size, or that it is absent, and the Bloom filter answers most
     * absent keys without a disk read. RocksDB still reads a present value from its file, though (about
     * 2 ms for 1 MiB): to test for a large value cheaply, keep a small entry beside it.
     */
    private boolean contains(ColumnFamilyHandle family, byte[] key) {
        Objects.requireNonNull(key, "key");
        return guarded("contains", key, () -> db.get(family, key, NO_VALUE) != RocksDB.NOT_FOUND);
    }

    private void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        guarded("put", key, () -> {
            writes.incrementAndGet();
            unloggedOf(family).beforeLogged(() -> flush(family));
            db.put(family, writeOptions, key, value);
            return null;
        });
    }

    private void delete(ColumnFamilyHandle family, byte[] key) {
        Objects.requireNonNull(key, "key");
        guarded("delete", key, () -> {
            writes.incrementAndGet();
            unloggedOf(family).beforeLogged(() -> flush(family));
            db.delete(family, writeOptions, key);
            return null;
        });
    }

    private void write(ColumnFamilyHandle family, WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        guarded("write of a batch of " + batch.size() + " operations", null, () -> {
            if (!batch.isEmpty()) {
                unloggedOf(family).beforeLogged(() -> flush(family));
                write(family, batch, writeOptions);
            }
            return null;
        });
    }

    /**
     * Writes {@code batch} without the write-ahead log when {@link UnloggedWrites} allows it (and the store does not
     * sync every write), else as {@link #write(ColumnFamilyHandle, WriteBatch)} does.
     */
    private void writeUnlogged(ColumnFamilyHandle family, WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        UnloggedWrites state = unloggedOf(family);
        if (unloggedOptions == null || !state.maySkipLog()) {
            write(family, batch);
            return;
        }
        guarded("unlogged write of a batch of " + batch.size() + " operations", null, () -> {
            if (!batch.isEmpty()) {
                write(family, batch, unloggedOptions);
                state.written();
            }
            return null;
        });
    }

    private UnloggedWrites unloggedOf(ColumnFamilyHandle family) {
        return unlogged.computeIfAbsent(family.getID(), id -> new UnloggedWrites(System::nanoTime, unloggedPauseNanos));
    }

    /** Flushes {@code family}'s memtable to table files and waits for it: its unlogged writes are then on disk. */
    private void flush(ColumnFamilyHandle family) throws RocksDBException {
        try (FlushOptions flushOptions = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flushOptions, family);
        }
    }

    /** One write of a non-empty {@code batch} with {@code options}; the caller holds the lock. */
    private void write(ColumnFamilyHandle family, WriteBatch batch, WriteOptions options) throws RocksDBException {
        writes.incrementAndGet();
        if (LargeValueBatches.suits(batch)) {
            // Values of a kilobyte and more: one native call each, into a native batch kept from one write to the next.
            LargeValueBatches.Native reused = largeValueBatches.take();
            try {
                db.write(options, reused.fill(batch, family));
            } finally {
                largeValueBatches.give(reused);
            }
            return;
        }
        // Many small operations cross JNI as one array in RocksDB's own format: one native call, not one per put.
        byte[] serialized = new RocksBatchEncoder().encode(batch, family.getID());
        try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch(serialized)) {
            db.write(options, nativeBatch);
        }
    }

    private void scan(ColumnFamilyHandle family, byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        iterate(family, fromInclusive, toExclusive, (reader, it) -> visitor.visit(reader.key(it), reader.value(it)));
    }

    /** As {@link #scan}, without reading or copying the values. */
    private void scanKeys(ColumnFamilyHandle family, byte[] fromInclusive, byte[] toExclusive, KeyVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        iterate(family, fromInclusive, toExclusive, (reader, it) -> visitor.visit(reader.key(it)));
    }

    /** What a scan does at each entry: reads what it needs through the reader; false ends the scan. */
    @FunctionalInterface
    private interface EntryStep {
        boolean visit(EntryReader reader, RocksIterator it);
    }

    /** Runs {@code step} on each entry of [{@code fromInclusive}, {@code toExclusive}), in key order. */
    private void iterate(ColumnFamilyHandle family, byte[] fromInclusive, byte[] toExclusive, EntryStep step) {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        guarded("scan", fromInclusive, () -> {
            if (toExclusive != null && ByteKeys.ORDER.compare(fromInclusive, toExclusive) >= 0) {
                return null;
            }
            try (Slice upper = toExclusive == null ? null : new Slice(toExclusive);
                    ReadOptions read = new ReadOptions().setIterateUpperBound(upper).setFillCache(false);
                    RocksIterator it = db.newIterator(family, read)) {
                EntryReader reader = new EntryReader();
                for (it.seek(fromInclusive); it.isValid(); it.next()) {
                    if (!step.visit(reader, it)) {
                        return null;
                    }
                }
                it.status();
            }
            return null;
        });
    }

    /** One column family of this store, seen as a store of its own. */
    private final class Keyspace implements KeyValueStore {
        private final String name;
        private final ColumnFamilyHandle family;
        private volatile boolean viewClosed;

        Keyspace(String name, ColumnFamilyHandle family) {
            this.name = name;
            this.family = family;
        }

        private void checkOpen() {
            if (viewClosed) {
                throw new StoreException(this + " is closed");
            }
        }

        @Override
        public Optional<byte[]> get(byte[] key) {
            checkOpen();
            return RocksDbKeyValueStore.this.get(family, key);
        }

        @Override
        public List<byte[]> getAll(List<byte[]> keys) {
            checkOpen();
            return RocksDbKeyValueStore.this.getAll(family, keys);
        }

        @Override
        public boolean contains(byte[] key) {
            checkOpen();
            return RocksDbKeyValueStore.this.contains(family, key);
        }

        @Override
        public void put(byte[] key, byte[] value) {
            checkOpen();
            RocksDbKeyValueStore.this.put(family, key, value);
        }

        @Override
        public void delete(byte[] key) {
            checkOpen();
            RocksDbKeyValueStore.this.delete(family, key);
        }

        @Override
        public void write(WriteBatch batch) {
            checkOpen();
            RocksDbKeyValueStore.this.write(family, batch);
        }

        @Override
        public void writeUnlogged(WriteBatch batch) {
            checkOpen();
            RocksDbKeyValueStore.this.writeUnlogged(family, batch);
        }

        @Override
        public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
            checkOpen();
            RocksDbKeyValueStore.this.scan(family, fromInclusive, toExclusive, visitor);
        }

        @Override
        public void scanKeys(byte[] fromInclusive, byte[] toExclusive, KeyVisitor visitor) {
            checkOpen();
            RocksDbKeyValueStore.this.scanKeys(family, fromInclusive, toExclusive, visitor);
        }

        @Override
        public KeyValueStore keyspace(String child) {
            return RocksDbKeyValueStore.this.keyspace(name + "/" + child);
        }

        @Override
        public List<String> keyspaces() {
            return RocksDbKeyValueStore.this.keyspaces().stream().filter(k -> k.startsWith(name + "/")).toList();
        }

        /** Ends this view only; the store and its other keyspaces stay open. */
        @Override
        public void close() {
            viewClosed = true;
        }

        @Override
        public String toString() {
            return "keyspace " + name + " of " + RocksDbKeyValueStore.this;
        }
    }

    /**
     * Copies an iterator's current entry out through reused buffers: {@code key(byte[])} and
     * {@code value(byte[])} fill a Java array the JVM allocated cheaply, where {@code key()} and
     * {@code value()} would allocate one through JNI per call; a value larger than the buffer is read
     * again into a buffer large enough.
     */
    private static final class EntryReader {
        private byte[] keyBuffer = new byte[64];
        private byte[] valueBuffer = new byte[256];

        byte[] key(RocksIterator it) {
            int n = it.key(keyBuffer);
            if (n > keyBuffer.length) {
                keyBuffer = new byte[Math.max(n, 2 * keyBuffer.length)];
                n = it.key(keyBuffer);
            }
            return Arrays.copyOf(keyBuffer, n);
        }

        byte[] value(RocksIterator it) {
            int n = it.value(valueBuffer);
            if (n > valueBuffer.length) {
                valueBuffer = new byte[Math.max(n, 2 * valueBuffer.length)];
                n = it.value(valueBuffer);
            }
            return Arrays.copyOf(valueBuffer, n);
        }
    }

    @Override
    public void close() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("close() called from within an operation on " + this);
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RocksDBException failure = null;
            try {
                flushMemtables();
            } catch (RocksDBException e) {
                failure = e;
            }
            families.values().forEach(ColumnFamilyHandle::close);
            defaultFamily.close();
            try {
                db.closeE();
            } catch (RocksDBException e) {
                failure = e;
            }
            options.close();
            columnOptions.close();
            filter.close();
            cache.close();
            writeOptions.close();
            if (unloggedOptions != null) {
                unloggedOptions.close();
            }
            largeValueBatches.close();
            if (failure != null) {
                throw new StoreException("closing RocksDB store in datadir " + directory + " failed: "
                        + failure.getMessage(), failure);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Flushes the memtable of every column family to table files and waits for it, so that closing keeps the
     * unlogged writes and the next open has (almost) no write-ahead log to replay: RocksDB's own close flushes only
     * when writes skipped the log, and the log of a store written through it (a node's oplogs) was replayed whole on
     * every restart. A flush that fails leaves the logged writes in the log, which the next open replays.
     */
    private void flushMemtables() throws RocksDBException {
        List<ColumnFamilyHandle> all = new ArrayList<>(families.values());
        all.add(defaultFamily);
        try (FlushOptions flushOptions = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flushOptions, all);
        }
    }

    private <T> T guarded(String operation, byte[] key, RocksCall<T> call) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new StoreException(this + " is closed");
            }
            return call.call();
        } catch (RocksDBException e) {
            throw new StoreException("RocksDB " + operation + (key == null ? "" : " of key " + ByteKeys.hex(key))
                    + " failed in datadir " + directory + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "RocksDB store in " + directory;
    }
}
