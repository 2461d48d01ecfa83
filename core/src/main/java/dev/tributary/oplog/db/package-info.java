/**
 * Databases on operation logs, OrbitDB 4's three kinds: {@link dev.tributary.oplog.db.Events},
 * {@link dev.tributary.oplog.db.KeyValue} and {@link dev.tributary.oplog.db.Documents}, opened through
 * {@link dev.tributary.oplog.db.Databases} by name (creating OrbitDB's manifest and IPFS access controller, so the
 * address is OrbitDB's) or by address. Each keyed database keeps an index (key to latest operation, and the live keys
 * in log order) in the same atomic writes as its entries, so opening one of any size reads no log.
 */
package dev.tributary.oplog.db;
