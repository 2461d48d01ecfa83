/**
 * Replication of databases (operation logs in OrbitDB 4's formats) between nodes, as one module of a peer network:
 * which databases each peer has open, heads exchange per shared database, range-based reconciliation
 * ({@link dev.tributary.oplog.recon}) for catch-up, entries fetched in bounded batches and joined off the engine
 * thread, live push and relay of new entries, progress and a {@code synced} event per database and peer, and
 * penalties for peers that break the rules. The wire format is in {@link dev.tributary.sync.replication.DbMessages}
 * and {@code docs/db-replication.md}.
 */
package dev.tributary.sync.replication;
