/**
 * Record sync by digests (SData 2.0 synchronization, SPEC.md section 3), transport aside: no HTTP, no JDBC.
 *
 * <ul>
 *   <li>Model: {@link dev.tributary.records.SyncState} (endpoint, tick, stamp) per record,
 *       {@link dev.tributary.records.Digest} (a vector clock of {@link dev.tributary.records.DigestEntry}s with
 *       conflict priorities) per collection, {@link dev.tributary.records.Record}s with full
 *       {@link dev.tributary.records.Payload}s or tombstones.</li>
 *   <li>Rules: {@link dev.tributary.records.ChangeSelection} (what a source sends for a target digest),
 *       {@link dev.tributary.records.ConflictRule} (the target's test and resolution),
 *       {@link dev.tributary.records.FeedCheck} (ordering, digest coverage, immediate contiguity),
 *       {@link dev.tributary.records.TargetApplier} (a page applied with the digest updates per entry and at the
 *       end of a catch-up feed), {@link dev.tributary.records.SourcePass} (keyset paging of a selection).</li>
 *   <li>Storage: the {@link dev.tributary.records.RecordStore} SPI, {@link dev.tributary.records.InMemoryRecordStore},
 *       and {@link dev.tributary.records.RecordCollection}, a store's single writer.</li>
 * </ul>
 *
 * <p>The wire format (Atom XML) is in {@code dev.tributary.records.atom}. Depends on no other Tributary package.
 * Everything is immutable except the stores and {@link dev.tributary.records.RecordCollection}, which are
 * thread-safe.
 */
package dev.tributary.records;
