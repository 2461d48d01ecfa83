/**
 * OrbitDB's {@code publickey} identities on secp256k1: the {@link dev.tributary.oplog.identity.Identity} block,
 * its verification ({@link dev.tributary.oplog.identity.Identities}), a {@link
 * dev.tributary.oplog.identity.LocalIdentity} that signs, and the {@link dev.tributary.oplog.identity.Secp256k1}
 * facade over libsecp256k1 (chosen by {@code tributary bench secp256k1}) with strict DER
 * ({@link dev.tributary.oplog.identity.DerSignature}). Depends on {@code oplog.cbor}, {@code oplog.cid} and
 * {@code bytes}.
 */
package dev.tributary.oplog.identity;
