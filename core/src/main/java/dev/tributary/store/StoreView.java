package dev.tributary.store;

import java.util.List;
import java.util.Optional;

/**
 * A view of a store that can be closed on its own: operations go to the underlying store until
 * {@link #close()}, and throw {@link StoreException} after it, while the underlying store stays open. What an
 * in-memory keyspace hands out, so that a part of a node closing its keyspace (or a simulated crash closing
 * a node) leaves the keys in place for the next view.
 */
final class StoreView implements KeyValueStore {
    private final String name;
    private final KeyValueStore target;
    private final KeyValueStore owner;
    private volatile boolean closed;

    StoreView(String name, KeyValueStore target) {
        this(name, target, null);
    }

    /** A view that closes {@code owner} (the store it is a keyspace of) when it is closed. */
    StoreView(String name, KeyValueStore target, KeyValueStore owner) {
        this.name = name;
        this.target = target;
        this.owner = owner;
    }

    private KeyValueStore open() {
        if (closed) {
            throw new StoreException(this + " is closed");
        }
        return target;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        return open().get(key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return open().getAll(keys);
    }

    @Override
    public boolean contains(byte[] key) {
        return open().contains(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        open().put(key, value);
    }

    @Override
    public void delete(byte[] key) {
        open().delete(key);
    }

    @Override
    public void write(WriteBatch batch) {
        open().write(batch);
    }

    @Override
    public void writeUnlogged(WriteBatch batch) {
        open().writeUnlogged(batch);
    }

    @Override
    public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
        open().scan(fromInclusive, toExclusive, visitor);
    }

    @Override
    public void scanKeys(byte[] fromInclusive, byte[] toExclusive, KeyVisitor visitor) {
        open().scanKeys(fromInclusive, toExclusive, visitor);
    }

    @Override
    public KeyValueStore keyspace(String child) {
        return open().keyspace(child);
    }

    @Override
    public List<String> keyspaces() {
        return open().keyspaces();
    }

    @Override
    public void close() {
        closed = true;
        if (owner != null) {
            owner.close();
        }
    }

    @Override
    public String toString() {
        return owner != null ? owner.toString() : "keyspace " + name;
    }
}
