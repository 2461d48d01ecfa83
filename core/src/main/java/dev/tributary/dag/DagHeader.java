package dev.tributary.dag;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.bytes.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of a {@code dagtest} block, immutable, with its hash computed once at construction (like
 * {@link dev.tributary.chain.BlockHeader}, a class rather than a record for that reason).
 *
 * <pre>
 *  offset     size  field
 *   0          4    version          int32 LE
 *   4          1    parent count n   compact-size varint, 0..8 (one byte); 0 only for genesis
 *   5         32n   parent hashes    internal order, as the miner listed them (it uses the canonical order)
 *   5+32n     32    merkle root      of the transaction ids, as in Bitcoin
 *  37+32n      4    time             uint32 LE, seconds since the epoch
 *  41+32n      4    bits             uint32 LE, compact target
 *  45+32n      4    height           int32 LE, &gt;= 0: 1 + the highest parent's height, 0 for genesis
 *  49+32n      4    nonce            uint32 LE
 * </pre>
 *
 * 53 + 32n bytes: 85 with one parent, 309 with eight. The block hash is SHA-256d of these bytes. The nonce
 * comes last so that a miner rewrites only the last four bytes. Parsing rejects more than
 * {@link #MAX_PARENTS} parents and a negative height; whether the parents are distinct and the height
 * right is {@link DagValidator}'s business, so that a peer's header that breaks them is a verdict, not a
 * decoding error.
 */
public final class DagHeader {
    /** Most parents a header may name (soterd's limit). */
    public static final int MAX_PARENTS = 8;
    /** Serialized size without the parent hashes (with the one-byte parent count). */
    public static final int FIXED_SIZE = 4 + 1 + 32 + 4 + 4 + 4 + 4;
    /** Serialized size with eight parents: the largest header. */
    public static final int MAX_SIZE = FIXED_SIZE + MAX_PARENTS * Hash.LENGTH;

    private final int version;
    private final List<Hash> parents;
    private final Hash merkleRoot;
    private final long time;
    private final long bits;
    private final int height;
    private final long nonce;
    private final Hash hash;

    /**
     * @param parents at most {@link #MAX_PARENTS}, in the order they are serialized
     * @param time    uint32 seconds
     * @param bits    uint32 compact target
     * @param height  &gt;= 0
     * @param nonce   uint32
     * @throws IllegalArgumentException for more than eight parents or a negative height
     */
    public DagHeader(int version, List<Hash> parents, Hash merkleRoot, long time, long bits, int height, long nonce) {
        this.parents = List.copyOf(parents);
        if (this.parents.size() > MAX_PARENTS) {
            throw new IllegalArgumentException("a header names at most " + MAX_PARENTS + " parents, not " + parents.size());
        }
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height);
        }
        this.version = version;
        this.merkleRoot = merkleRoot;
        this.time = time & 0xffffffffL;
        this.bits = bits & 0xffffffffL;
        this.height = height;
        this.nonce = nonce & 0xffffffffL;
        this.hash = Sha256.sha256d(serialize());
    }

    /** Reads one header, checking the parent count and the height while parsing. */
    public static DagHeader read(ByteReader in) {
        int version = in.readInt32LE();
        int n = in.readCount(MAX_PARENTS, Hash.LENGTH, "parents");
        List<Hash> parents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parents.add(in.readHash());
        }
        Hash merkleRoot = in.readHash();
        long time = in.readUInt32LE();
        long bits = in.readUInt32LE();
        int height = in.readInt32LE();
        if (height < 0) {
            throw new MalformedDataException("negative block height " + height);
        }
        return new DagHeader(version, parents, merkleRoot, time, bits, height, in.readUInt32LE());
    }

    /** Parses exactly one header. */
    public static DagHeader parse(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        DagHeader h = read(in);
        in.requireFullyRead("dag header");
        return h;
    }

    public void write(ByteWriter out) {
        out.writeInt32LE(version).writeVarInt(parents.size());
        parents.forEach(out::writeHash);
        out.writeHash(merkleRoot).writeUInt32LE(time).writeUInt32LE(bits).writeInt32LE(height).writeUInt32LE(nonce);
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(size());
        write(w);
        return w.toByteArray();
    }

    /** Serialized size: 53 + 32 per parent. */
    public int size() {
        return FIXED_SIZE + parents.size() * Hash.LENGTH;
    }

    /** The same header with another nonce; what a miner iterates over. */
    public DagHeader withNonce(long newNonce) {
        return new DagHeader(version, parents, merkleRoot, time, bits, height, newNonce);
    }

    /** The same header with another time and nonce. */
    public DagHeader withTimeAndNonce(long newTime, long newNonce) {
        return new DagHeader(version, parents, merkleRoot, newTime, bits, height, newNonce);
    }

    public int version() {
        return version;
    }

    /** The parent hashes in serialized order; empty for genesis. */
    public List<Hash> parents() {
        return parents;
    }

    public Hash merkleRoot() {
        return merkleRoot;
    }

    /** Block time, seconds since the epoch (uint32). */
    public long time() {
        return time;
    }

    /** Compact-encoded target (uint32). */
    public long bits() {
        return bits;
    }

    public int height() {
        return height;
    }

    public long nonce() {
        return nonce;
    }

    /** SHA-256d of the serialized header. */
    public Hash hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DagHeader other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "DagHeader{" + hash + ", height=" + height + ", parents=" + parents.size() + ", time=" + time
                + ", bits=0x" + Long.toHexString(bits) + ", nonce=" + nonce + "}";
    }
}
