/**
 * A small ordered key-value storage interface and its two implementations.
 *
 * <p>{@link dev.tributary.store.KeyValueStore} offers what a chain store needs and no more: point reads
 * and writes, atomic batches ({@link dev.tributary.store.WriteBatch}) and ordered scans over a key range,
 * keys ordered as unsigned byte strings. {@link dev.tributary.store.InMemoryKeyValueStore} is for tests
 * and throw-away nodes; {@link dev.tributary.store.RocksDbKeyValueStore} keeps the data in a directory
 * and documents its durability guarantees. Failures of the storage itself surface as the unchecked
 * {@link dev.tributary.store.StoreException}.
 *
 * <p>The package is generic: it knows nothing of headers, blocks or networks, and depends on no other
 * Tributary package. What the keys and values mean is up to its users (see
 * {@code dev.tributary.chain.store.KeyValueSyncPersist} for the chain store's layout).
 */
package dev.tributary.store;
