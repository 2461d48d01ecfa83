/**
 * A chain's storage: the {@link dev.tributary.chain.store.SyncPersist} role of SPEC section 1, its layout on a
 * {@code KeyValueStore} ({@link dev.tributary.chain.store.KeyValueSyncPersist}, in the keyspace named after the
 * network of a node's store), the write-behind decorator that keeps header writes off the engine thread, the
 * consistency check, and {@link dev.tributary.chain.store.ChainState}: the block index with its two tips over a
 * store, and the {@link dev.tributary.chain.store.ChainListener}s of their moves.
 */
package dev.tributary.chain.store;
