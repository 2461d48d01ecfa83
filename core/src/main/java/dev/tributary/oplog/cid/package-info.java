/**
 * Content identifiers as IPFS and OrbitDB write them: {@link dev.tributary.oplog.cid.Cid} (CIDv1, dag-cbor,
 * sha2-256, with its {@code zdpu...} base58btc text) and {@link dev.tributary.oplog.cid.Base58}. Depends only on
 * {@code bytes}.
 */
package dev.tributary.oplog.cid;
