package dev.tributary.oplog.db;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.log.LogListener;
import dev.tributary.oplog.log.OpLog;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A database on an operation log: its address ({@code /orbitdb/<manifest CID>}), name, type, and log. The log id is
 * the address, as in OrbitDB. Subclasses give the operations of each type; every operation is an entry appended
 * to the log, and the type's index (kept in the same writes) answers reads without replaying the log.
 *
 * <p>Thread safety: operations may be called from any thread; writes to one database are serialized by its log.
 */
public abstract sealed class Database implements AutoCloseable permits Events, KeyValue, Documents {
    private final Databases owner;
    private final String address;
    private final String name;
    private final String accessController;
    private final OpLog log;
    private final List<DatabaseListener> listeners = new CopyOnWriteArrayList<>();
    private final LogListener logListener;
    private volatile boolean closed;
    private List<String> writers = List.of();

    Database(Databases owner, String address, String name, String accessController, OpLog log) {
        this.owner = owner;
        this.address = address;
        this.name = name;
        this.accessController = accessController;
        this.log = log;
        this.logListener = this::fire;
        log.addListener(logListener);
    }

    /** {@code /orbitdb/<CID of the manifest>}. */
    public String address() {
        return address;
    }

    public String name() {
        return name;
    }

    public abstract DatabaseType type();

    /** The address of the access controller's manifest ({@code /ipfs/<CID>}). */
    public String accessController() {
        return accessController;
    }

    /** The write list of the access controller: identity ids, or {@code *} for anyone. */
    public List<String> writers() {
        return writers;
    }

    Database withWriters(List<String> writeList) {
        this.writers = List.copyOf(writeList);
        return this;
    }

    /** The operation log, for joining entries from peers and iterating with bounds. */
    public OpLog log() {
        return log;
    }

    /** Number of entries (operations) in the log. */
    public long size() {
        return log.size();
    }

    public void addListener(DatabaseListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(DatabaseListener listener) {
        listeners.remove(listener);
    }

    /** Appends an operation; the index and the listeners follow. */
    Cid write(Object operation) {
        checkOpen();
        return log.append(operation).cid();
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("database " + address + " is closed");
        }
    }

    private void fire(Entry entry, boolean local) {
        DatabaseListener.Update update = new DatabaseListener.Update(address, entry.cid(), entry.payload(), local);
        for (DatabaseListener l : listeners) {
            l.applied(update);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops this handle; the data stays in the store. Opening the address again gives a new handle. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            log.removeListener(logListener);
            owner.closed(this);
        }
    }

    @Override
    public String toString() {
        return type() + " database '" + name + "' " + address;
    }
}
