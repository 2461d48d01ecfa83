/**
 * Storage of operation logs and their databases in one keyspace ("oplog") of a
 * {@link dev.tributary.store.KeyValueStore}: blocks by CID, and per log its membership, its order index (OrbitDB's
 * total order, newest first: {@link dev.tributary.oplog.store.OrderKey}), heads, count, a database's key index and
 * the staging area of joins. The layout is drawn in {@link dev.tributary.oplog.store.OplogStore}; the invariants that
 * make a crash harmless (one atomic write per applied entry, parents first) in the same place.
 */
package dev.tributary.oplog.store;
