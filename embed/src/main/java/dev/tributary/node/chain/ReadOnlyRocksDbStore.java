package dev.tributary.node.chain;

import dev.tributary.chain.store.KeyValueSyncPersist;
import dev.tributary.store.ByteKeys;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.StoreException;
import dev.tributary.store.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A node's RocksDB store opened to be read only, in RocksDB's read-only mode: it takes no lock, so it opens while a
 * running node holds the store (it sees the store as of its opening; with every table file opened at once, a file
 * the node deletes afterwards stays readable), and it writes nothing into the store's directory (its log goes to a
 * temporary directory, removed on close), so it opens a directory this process may not write. For {@code status}.
 * Every write throws {@link StoreException}.
 *
 * <p>Not a RocksDB <em>secondary</em> instance, which would follow the node's writes: RocksDB 9.8's secondary
 * instances crash the process when they read a value kept in a blob file (a block body of 4 KiB or more, once
 * flushed).
 */
public final class ReadOnlyRocksDbStore implements KeyValueStore {
    private final RocksDB db;
    private final DBOptions options;
    private final ColumnFamilyOptions columnOptions;
    private final Map<String, ColumnFamilyHandle> families;
    private final ColumnFamilyHandle family;
    private final String name;
    /** The temporary directory of RocksDB's log for this instance, removed on close. */
    private final Path logDirectory;
    private final boolean owner;

    private ReadOnlyRocksDbStore(RocksDB db, DBOptions options, ColumnFamilyOptions columnOptions,
            Map<String, ColumnFamilyHandle> families, String name, Path logDirectory, boolean owner) {
        this.db = db;
        this.options = options;
        this.columnOptions = columnOptions;
        this.families = families;
        this.name = name;
        this.family = families.get(name);
        this.logDirectory = logDirectory;
        this.owner = owner;
    }

    /**
     * Opens the store in {@code dir} to read it, and returns its keyspace {@code keyspace} as the store's owner
     * (closing it closes the store).
     *
     * @throws StoreException when there is no store there, or the keyspace is not in it, or RocksDB cannot read it
     */
    public static KeyValueStore open(Path dir, String keyspace) {
        Path directory = dir.toAbsolutePath().normalize();
        if (!Files.exists(directory.resolve("CURRENT"))) {
            throw new StoreException("no store in " + dir);
        }
        RocksDB.loadLibrary();
        Path logDirectory;
        try {
            logDirectory = Files.createTempDirectory("tributary-status-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DBOptions options = new DBOptions().setMaxOpenFiles(-1);
        ColumnFamilyOptions columnOptions = new ColumnFamilyOptions();
        try (Options probe = new Options()) {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] n : RocksDB.listColumnFamilies(probe, directory.toString())) {
                descriptors.add(new ColumnFamilyDescriptor(n, columnOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            options.setDbLogDir(logDirectory.toString());
            RocksDB db = RocksDB.openReadOnly(options, directory.toString(), descriptors, handles);
            Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
            for (int i = 0; i < descriptors.size(); i++) {
                families.put(new String(descriptors.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
            }
            ReadOnlyRocksDbStore root = new ReadOnlyRocksDbStore(db, options, columnOptions, families, "default",
                    logDirectory, true);
            if (!families.containsKey(keyspace)) {
                // Only chains are named: the store also holds other services' keyspaces (db, oplog, ...).
                List<String> held = root.keyspaces().stream().filter(k -> !k.contains("/"))
                        .filter(k -> KeyValueSyncPersist.storedNetwork(root.keyspace(k)).isPresent()).toList();
                root.close();
                throw new StoreException(dir + " holds no " + keyspace + " chain"
                        + (held.isEmpty() ? "" : " (it holds " + String.join(", ", held) + ")"));
            }
            return new ReadOnlyRocksDbStore(db, options, columnOptions, families, keyspace, logDirectory, true);
        } catch (RocksDBException e) {
            columnOptions.close();
            options.close();
            deleteQuietly(logDirectory);
            throw new StoreException("cannot read the store in " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        try {
            return Optional.ofNullable(db.get(family, key));
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the store: " + e.getMessage());
        }
    }

    @Override
    public boolean contains(byte[] key) {
        return get(key).isPresent();
    }

    @Override
    public void put(byte[] key, byte[] value) {
        throw readOnly();
    }

    @Override
    public void delete(byte[] key) {
        throw readOnly();
    }

    @Override
    public void write(WriteBatch batch) {
        throw readOnly();
    }

    private static StoreException readOnly() {
        return new StoreException("the store is open only to be read");
    }

    @Override
    public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
        if (toExclusive != null && ByteKeys.ORDER.compare(fromInclusive, toExclusive) >= 0) {
            return;
        }
        try (Slice upper = toExclusive == null ? null : new Slice(toExclusive);
                ReadOptions read = new ReadOptions().setIterateUpperBound(upper).setFillCache(false);
                RocksIterator it = db.newIterator(family, read)) {
            for (it.seek(fromInclusive); it.isValid(); it.next()) {
                if (!visitor.visit(it.key(), it.value())) {
                    return;
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the store: " + e.getMessage());
        }
    }

    @Override
    public KeyValueStore keyspace(String child) {
        String full = name.equals("default") ? child : name + "/" + child;
        if (!families.containsKey(full)) {
            throw new StoreException("the store holds no keyspace " + full);
        }
        return new ReadOnlyRocksDbStore(db, options, columnOptions, families, full, logDirectory, false);
    }

    @Override
    public List<String> keyspaces() {
        String prefix = name.equals("default") ? "" : name + "/";
        return families.keySet().stream().filter(k -> !k.equals("default") && k.startsWith(prefix)).sorted().toList();
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        synchronized (families) {
            if (families.isEmpty()) {
                return;
            }
            families.values().forEach(ColumnFamilyHandle::close);
            families.clear();
            db.close();
            columnOptions.close();
            options.close();
            deleteQuietly(logDirectory);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: the system cleans it up
        }
    }

    @Override
    public String toString() {
        return "read-only store, keyspace " + name;
    }
}
