/**
 * Operation logs in OrbitDB 4's format and order: {@link dev.tributary.oplog.log.OpLog} (append with OrbitDB's
 * {@code next} and {@code refs}, heads, verified joins fetching missing ancestors through a batch
 * {@link dev.tributary.oplog.log.BlockSource}, iteration with OrbitDB's bounds {@link dev.tributary.oplog.log.LogRange},
 * scans by clock time). Joins return a {@link dev.tributary.oplog.log.JoinResult}, data rather than exceptions, whose
 * rejections carry an {@link dev.tributary.oplog.entry.EntryRejectReason} or a
 * {@link dev.tributary.oplog.log.JoinRejectReason}. Write access is a {@link dev.tributary.oplog.log.WriteAccess}, so
 * that the log does not depend on how access controllers are stored. Storage is {@code oplog.store}'s.
 */
package dev.tributary.oplog.log;
