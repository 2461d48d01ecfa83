package dev.tributary.testing;

import dev.tributary.bytes.Hash;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.WriteBatch;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link KeyValueStore} that counts, per 32-byte hash, the writes of keys made of one prefix byte
 * and that hash: with prefix {@code 'b'}, how many times a {@code DagStore} saved each block. Its keyspaces count
 * into the same tally (a node keeps its DAG in the keyspace {@code dagtest}).
 */
public final class CountingKeyValueStore implements KeyValueStore {
    private final KeyValueStore delegate;
    private final byte prefix;
    private final Map<Hash, Integer> writes;

    public CountingKeyValueStore(char prefix) {
        this(new InMemoryKeyValueStore(), (byte) prefix, new HashMap<>());
    }

    private CountingKeyValueStore(KeyValueStore delegate, byte prefix, Map<Hash, Integer> writes) {
        this.delegate = delegate;
        this.prefix = prefix;
        this.writes = writes;
    }

    /** Writes per hash of the counted keys. */
    public Map<Hash, Integer> writes() {
        return Map.copyOf(writes);
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        return delegate.get(key);
    }

    @Override
    public boolean contains(byte[] key) {
        return delegate.contains(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        write(new WriteBatch().put(key, value));
    }

    @Override
    public void delete(byte[] key) {
        delegate.delete(key);
    }

    @Override
    public void write(WriteBatch batch) {
        batch.replay(new WriteBatch.Handler() {
            @Override
            public void put(byte[] key, byte[] value) {
                if (key.length == 1 + Hash.LENGTH && key[0] == prefix) {
                    writes.merge(Hash.wrap(Arrays.copyOfRange(key, 1, key.length)), 1, Integer::sum);
                }
            }

            @Override
            public void delete(byte[] key) {
            }
        });
        delegate.write(batch);
    }

    @Override
    public void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor) {
        delegate.scan(fromInclusive, toExclusive, visitor);
    }

    @Override
    public java.util.List<String> keyspaces() {
        return delegate.keyspaces();
    }

    @Override
    public KeyValueStore keyspace(String name) {
        return new CountingKeyValueStore(delegate.keyspace(name), prefix, writes);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
