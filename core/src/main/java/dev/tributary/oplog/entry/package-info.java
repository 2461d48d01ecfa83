/**
 * OrbitDB's log entries, version 2: the {@link dev.tributary.oplog.entry.Entry} block (create, strict decode),
 * the Lamport {@link dev.tributary.oplog.entry.Clock}, and {@link dev.tributary.oplog.entry.EntryVerifier}, which
 * returns a {@link dev.tributary.validation.Verdict} with an {@link dev.tributary.oplog.entry.EntryRejectReason}.
 * Depends on {@code oplog.identity}, {@code oplog.cbor}, {@code oplog.cid} and {@code validation}.
 */
package dev.tributary.oplog.entry;
