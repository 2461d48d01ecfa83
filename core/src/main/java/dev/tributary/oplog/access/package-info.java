/**
 * Who may write to a database: {@link dev.tributary.oplog.access.AccessController} and OrbitDB's {@code ipfs}
 * controller ({@link dev.tributary.oplog.access.IpfsAccessController}: a fixed list of writer ids, or {@code *}).
 * Depends on {@code oplog.entry}, {@code oplog.identity}, {@code oplog.cbor} and {@code oplog.cid}.
 */
package dev.tributary.oplog.access;
