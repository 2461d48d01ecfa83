/**
 * Range-based set reconciliation (Negentropy's method) of two replicas' entries, pure logic without sockets:
 * items ordered by (clock time, id), fingerprints of ranges, ranges split into sub-ranges until small ones are
 * exchanged as id lists. Already in sync costs one round trip; a small difference a few, whatever the size of the
 * sets. The wire layout of a message is in {@link dev.tributary.oplog.recon.Reconciler}'s Javadoc and in
 * {@code docs/db-replication.md}.
 */
package dev.tributary.oplog.recon;
