/**
 * The verify pass (beyond the SData specification): finds rows two collections hold differently although their
 * digests agree, rows changed behind the sync's back, by comparing {@link dev.tributary.records.verify.RangeFingerprint}s
 * over the sorted keys of both sides in a number of round trips that grows with the logarithm of the table size
 * ({@link dev.tributary.records.verify.VerifyPass}); each side answers from its store by range scans
 * ({@link dev.tributary.records.verify.VerifyResponder}). The repair reissues the source's copies
 * ({@link dev.tributary.records.RecordCollection#reissue}) for an ordinary pass to carry, under the conflict rule.
 */
package dev.tributary.records.verify;
