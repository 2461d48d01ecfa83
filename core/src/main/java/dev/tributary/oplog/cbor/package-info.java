/**
 * Strict, canonical dag-cbor ({@link dev.tributary.oplog.cbor.DagCbor}): the encoding of OrbitDB's blocks. Depends
 * only on {@code oplog.cid} (tag 42 links).
 */
package dev.tributary.oplog.cbor;
