package dev.tributary.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KeyValueStore} held in memory, in a {@link TreeMap} ordered by {@link ByteKeys#ORDER} and
 * guarded by a read-write lock: a batch is applied under the write lock, so readers see all of it or
 * none. Nothing survives the process. A scan copies the references of its range under the read lock and
 * visits them after releasing it, which is its snapshot; key and value arrays are never modified in place,
 * so the references stay valid. A {@link #keyspace} is a store of its own, kept until this one is closed: a
 * closed view of it leaves its keys for the next view, as a disk would.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
    private final NavigableMap<byte[], byte[]> map = new TreeMap<>(ByteKeys.ORDER);
    /** Keyspaces by name: stores of their own, closed with this one. */
    private final Map<String, InMemoryKeyValueStore> keyspaces = new java.util.concurrent.ConcurrentHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    @Override
    public KeyValueStore keyspace(String name) {
        java.util.Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid keyspace name: ''");
        }
        lock.readLock().lock();
        try {
            checkOpen();
            return new StoreView(name, keyspaces.computeIfAbsent(name, n -> new InMemoryKeyValueStore()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> keyspaces() {
        return keyspaces.keySet().stream().sorted().toList();
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        Objects.requireNonNull(key, "key");
        lock.readLock().lock();
        try {
            checkOpen();
            byte[] value = map.get(key);
            return value == null ? Optional.empty() : Optional.of(value.clone());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean contains(byte[] key) {
        Objects.requireNonNull(key, "key");
        lock.readLock().lock();
        try {
            checkOpen();
            return map.containsKey(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        write(new WriteBatch().put(key, value));
    }

    @Override
    public void delete(byte[] key) {
        write(new WriteBatch().delete(key));
    }

    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        lock.writeLock().lock();
        try {
            checkOpen();
            // The batch's arrays are private to it, but it may be written again: copy what we keep.
            batch.replay(new WriteBatch.Handler() {
                @Override
                public void put(byte[] key, byte[] value) {
                    map.put(key.clone(), value.clone());
                }

                @Override
                public void delete(byte[] key) {
                    map.remove(key);
                }
            });
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(visitor, "visitor");
        List<Map.Entry<byte[], byte[]>> snapshot;
        lock.readLock().lock();
        try {
            checkOpen();
            NavigableMap<byte[], byte[]> range = toExclusive == null
                    ? map.tailMap(fromInclusive, true)
                    : ByteKeys.ORDER.compare(fromInclusive, toExclusive) >= 0
                            ? new TreeMap<>(ByteKeys.ORDER)
                            : map.subMap(fromInclusive, true, toExclusive, false);
            // TreeMap's entries are its live nodes, which later puts and removals rewrite: copy them.
            snapshot = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
                snapshot.add(Map.entry(e.getKey(), e.getValue()));
            }
        } finally {
            lock.readLock().unlock();
        }
        for (Map.Entry<byte[], byte[]> e : snapshot) {
            if (!visitor.visit(e.getKey().clone(), e.getValue().clone())) {
                return;
            }
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            map.clear();
            keyspaces.values().forEach(InMemoryKeyValueStore::close);
            keyspaces.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException(this + " is closed");
        }
    }

    @Override
    public String toString() {
        return "in-memory store";
    }
}
