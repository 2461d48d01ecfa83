package dev.tributary.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ordered map from byte-string keys to byte-string values, persistent or not.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Keys are ordered as unsigned byte strings ({@link ByteKeys#ORDER}). Keys and values may be empty,
 *       never {@code null}.</li>
 *   <li>Values are copied in and out: arrays passed to a store or a {@link WriteBatch} can be reused by
 *       the caller, and arrays handed out (by {@link #get}, or to a {@link Visitor}) belong to the
 *       receiver.</li>
 *   <li>Each {@link #put}, {@link #delete} and {@link #write(WriteBatch)} is atomic: concurrent readers,
 *       and the store reopened after a crash, see all of a batch or none of it. Writes are applied in a
 *       single order that every reader agrees on.</li>
 *   <li>A scan sees a consistent snapshot taken when it starts: it sees no half batch, and no write made
 *       while it runs, including writes by its own visitor (which may write to the store).</li>
 *   <li>The store is thread-safe. After {@link #close()} every operation throws {@link StoreException};
 *       closing again does nothing.</li>
 *   <li>Failures of the storage itself throw {@link StoreException}.</li>
 * </ul>
 *
 * <p>How much of a write survives a crash of the machine, as opposed to the process, is up to each
 * implementation and documented there. {@code toString()} names the store (for one on disk, its
 * directory) for error messages.
 */
public interface KeyValueStore extends AutoCloseable {

    /** Receives the entries of a scan in key order. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @param key   a copy of the key, owned by the visitor
         * @param value a copy of the value, owned by the visitor
         * @return {@code true} to go on, {@code false} to end the scan here
         */
        boolean visit(byte[] key, byte[] value);
    }

    /** The value stored under {@code key}, or empty. */
    Optional<byte[]> get(byte[] key);

    /**
     * The values stored under {@code keys}, in the same order, {@code null} where a key is absent: one lookup for
     * the lot where the store can (RocksDB's {@code multiGet}), rather than a call per key. The list returned
     * belongs to the caller.
     */
    default List<byte[]> getAll(List<byte[]> keys) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            out.add(get(k).orElse(null));
        }
        return out;
    }

    /** Whether {@code key} is stored; may be cheaper than {@link #get} for large values. */
    boolean contains(byte[] key);

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    void put(byte[] key, byte[] value);

    /** Removes {@code key}; nothing happens if it is absent. */
    void delete(byte[] key);

    /** Applies every operation of {@code batch} in order, atomically. An empty batch does nothing. */
    void write(WriteBatch batch);

    /**
     * As {@link #write}, for bulk data the writer could fetch or compute again (a chain's headers during a sync): the
     * store may skip its crash log for it, so a crash of the process may lose this write, and the unlogged writes
     * after it. It never loses one while keeping a later write of the same keyspace: before a logged write
     * ({@link #put}, {@link #delete}, {@link #write}), the keyspace's unlogged writes are made durable, and closing
     * the store keeps them all. A store without such a log writes it as {@link #write} does (the default).
     */
    default void writeUnlogged(WriteBatch batch) {
        write(batch);
    }

    /**
     * Visits the entries with {@code fromInclusive <= key < toExclusive} in ascending key order, until the
     * range ends or the visitor returns {@code false}. {@code toExclusive == null} means no upper bound.
     * An exception thrown by the visitor ends the scan and propagates.
     */
    void scan(byte[] fromInclusive, byte[] toExclusive, Visitor visitor);

    /** Receives the keys of a {@link #scanKeys}. */
    @FunctionalInterface
    interface KeyVisitor {
        /**
         * @param key a copy of the key, owned by the visitor
         * @return {@code true} to go on, {@code false} to end the scan here
         */
        boolean visit(byte[] key);
    }

    /**
     * As {@link #scan}, the keys only: for readers that decide from a key whether they need its value (large
     * values are then neither read nor copied). By default a {@link #scan} that drops the values.
     */
    default void scanKeys(byte[] fromInclusive, byte[] toExclusive, KeyVisitor visitor) {
        scan(fromInclusive, toExclusive, (key, value) -> visitor.visit(key));
    }

    /** Visits the entries whose key starts with {@code prefix}, as {@link #scan} does. */
    default void scanPrefix(byte[] prefix, Visitor visitor) {
        scan(prefix, ByteKeys.prefixEnd(prefix), visitor);
    }

    /**
     * A keyspace of this store: a store of its own, with its own keys, kept in the same place and closed with
     * this one. Several parts of a node share one store this way without coordinating their keys (the chain's
     * and the DAG's both write a format version under the same key, each in its own keyspace). The same name
     * gives the same keys, across restarts for a persistent store. Closing a keyspace ends that view only; asking
     * for the keyspace again gives a new view of the same keys.
     *
     * @param name a non-empty name (a nested keyspace's name is its path, parts joined by '/')
     */
    KeyValueStore keyspace(String name);

    /** The names of this store's keyspaces, sorted (of a keyspace: its nested keyspaces, by full name). */
    List<String> keyspaces();

    /**
     * Releases the store's resources, after operations running in other threads have finished. Must not
     * be called from within a {@link Visitor}.
     */
    @Override
    void close();
}
