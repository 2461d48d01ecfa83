/**
 * Value types and primitive codecs shared by every other package: {@link dev.tributary.bytes.Hash},
 * Bitcoin's little-endian integers and compact-size varints ({@link dev.tributary.bytes.ByteReader},
 * {@link dev.tributary.bytes.ByteWriter}), hex and SHA-256d. This package depends on nothing else in
 * Tributary.
 */
package dev.tributary.bytes;
