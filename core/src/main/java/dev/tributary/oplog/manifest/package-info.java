/**
 * A database's {@link dev.tributary.oplog.manifest.Manifest} (name, type, access controller address, meta) and its
 * {@link dev.tributary.oplog.manifest.DatabaseAddress} {@code /orbitdb/<manifest CID>}. Depends on
 * {@code oplog.cbor} and {@code oplog.cid}.
 */
package dev.tributary.oplog.manifest;
