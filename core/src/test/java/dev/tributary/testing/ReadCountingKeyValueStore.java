package dev.tributary.testing;

import dev.tributary.store.KeyValueStore;
import dev.tributary.store.WriteBatch;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeyValueStore} over another that counts the entries read from it: each {@code get} and {@code contains},
 * and each entry a scan visits, in this store and in all its keyspaces together. A test reads the count before and
 * after an operation to show how much of the store the operation read (opening a database must not replay its log).
 */
public final class ReadCountingKeyValueStore implements KeyValueStore {
    private final KeyValueStore delegate;
    private final AtomicLong reads;

    public ReadCountingKeyValueStore(KeyValueStore delegate) {
        this(delegate, new AtomicLong());
    }

    private ReadCountingKeyValueStore(KeyValueStore delegate, AtomicLong reads) {
        this.delegate = delegate;
        this.reads = reads;
    }

    /** The entries read so far, through this store and its keyspaces. */
    public long reads() {
        return reads.get();
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        reads.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public boolean contains(byte[] key) {
        reads.incrementAndGet();
        return delegate.contains(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        delegate.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
        delegate.delete(key);
    }

    @Override
    public void write(WriteBatch batch) {
        delegate.write(batch);
    }

    @Override
    public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
        delegate.scan(fromInclusive, toExclusive, (k, v) -> {
            reads.incrementAndGet();
            return visitor.visit(k, v);
        });
    }

    @Override
    public KeyValueStore keyspace(String name) {
        return new ReadCountingKeyValueStore(delegate.keyspace(name), reads);
    }

    @Override
    public List<String> keyspaces() {
        return delegate.keyspaces();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
