package dev.tributary.chain;

import java.util.Arrays;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;

/**
 * An 80-byte Bitcoin block header, immutable, with its hash computed once at construction.
 *
 * <pre>
 *  offset  size  field
 *   0       4    version          int32 LE
 *   4      32    previous block   hash, internal order
 *  36      32    merkle root      hash, internal order
 *  68       4    time             uint32 LE, seconds since the epoch
 *  72       4    bits             uint32 LE, compact target
 *  76       4    nonce            uint32 LE
 * </pre>
 *
 * The block hash is SHA-256d of these 80 bytes.
 */
public final class BlockHeader {
    /** Serialized size of every header. */
    public static final int SIZE = 80;
    private static final int PREV = 4;
    private static final int MERKLE = 36;

    /** The 80 serialized bytes, owned: never handed out, so the header stays immutable. */
    private final byte[] bytes;
    private final int version;
    private final long time;
    private final long bits;
    private final long nonce;
    private final Hash hash;
    /** The two hashes inside, made from {@link #bytes} when first asked for (a benign race: equal values). */
    private Hash prevHash;
    private Hash merkleRoot;

    /**
     * @param time  uint32 seconds
     * @param bits  uint32 compact target
     * @param nonce uint32
     */
    public BlockHeader(int version, Hash prevHash, Hash merkleRoot, long time, long bits, long nonce) {
        this(encode(version, prevHash, merkleRoot, time, bits, nonce), prevHash, merkleRoot, null);
    }

    /** A header whose hash is already known (read from the index or the store, where it was computed once). */
    BlockHeader(int version, Hash prevHash, Hash merkleRoot, long time, long bits, long nonce, Hash hash) {
        this(encode(version, prevHash, merkleRoot, time, bits, nonce), prevHash, merkleRoot, hash);
    }

    /**
     * The header of {@code bytes} (80, owned from now on), with its hashes where the caller has them: the hash is
     * computed when {@code hash} is null, the other two made from the bytes when first asked for.
     */
    private BlockHeader(byte[] bytes, Hash prevHash, Hash merkleRoot, Hash hash) {
        this.bytes = bytes;
        this.version = (int) LE_INT.get(bytes, 0);
        this.time = (int) LE_INT.get(bytes, 68) & 0xffffffffL;
        this.bits = (int) LE_INT.get(bytes, 72) & 0xffffffffL;
        this.nonce = (int) LE_INT.get(bytes, 76) & 0xffffffffL;
        this.prevHash = prevHash;
        this.merkleRoot = merkleRoot;
        this.hash = hash != null ? hash : Sha256.sha256d(bytes);
    }

    private static byte[] encode(int version, Hash prevHash, Hash merkleRoot, long time, long bits, long nonce) {
        byte[] bytes = new byte[SIZE];
        LE_INT.set(bytes, 0, version);
        prevHash.copyTo(bytes, PREV);
        merkleRoot.copyTo(bytes, MERKLE);
        LE_INT.set(bytes, 68, (int) time);
        LE_INT.set(bytes, 72, (int) bits);
        LE_INT.set(bytes, 76, (int) nonce);
        return bytes;
    }

    /**
     * Decodes the 80 bytes at {@code offset} of {@code bytes}, hashing them where they lie: one SHA-256d,
     * one copy, no re-serialization. The caller checks that 80 bytes are there.
     */
    public static BlockHeader decode(byte[] bytes, int offset) {
        return decode(bytes, offset, Sha256.sha256d(bytes, offset, SIZE));
    }

    /** Decodes the 80 bytes at {@code offset} of {@code bytes} whose SHA-256d is {@code hash} (not checked). */
    static BlockHeader decode(byte[] bytes, int offset, Hash hash) {
        return new BlockHeader(Arrays.copyOfRange(bytes, offset, offset + SIZE), null, null, hash);
    }

    static final java.lang.invoke.VarHandle LE_INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Writes the 80 serialized bytes at {@code offset} of {@code target}. */
    public void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, SIZE);
    }

    /** Copies the merkle root (32 bytes, internal order) to {@code target} at {@code offset}, making no object. */
    void copyMerkleRootTo(byte[] target, int offset) {
        System.arraycopy(bytes, MERKLE, target, offset, Hash.LENGTH);
    }

    /** Whether the previous hash is the 32 bytes at {@code offset} of {@code source}, making no object. */
    boolean prevHashEquals(byte[] source, int offset) {
        return Arrays.equals(bytes, PREV, PREV + Hash.LENGTH, source, offset, offset + Hash.LENGTH);
    }

    /** Reads 80 bytes; throws {@link dev.tributary.bytes.MalformedDataException} when fewer remain. */
    public static BlockHeader read(ByteReader in) {
        if (in.remaining() < SIZE) {
            throw new dev.tributary.bytes.MalformedDataException("truncated: a header needs 80 bytes, " + in.remaining() + " left");
        }
        BlockHeader header = decode(in.array(), in.position());
        in.skip(SIZE);
        return header;
    }

    /** Parses exactly 80 bytes. */
    public static BlockHeader parse(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        BlockHeader h = read(in);
        in.requireFullyRead("header");
        return h;
    }

    public void write(ByteWriter out) {
        out.writeBytes(bytes);
    }

    public byte[] serialize() {
        return bytes.clone();
    }

    /** The same header with another nonce; what a miner iterates over. */
    public BlockHeader withNonce(long newNonce) {
        return new BlockHeader(version, prevHash(), merkleRoot(), time, bits, newNonce);
    }

    public int version() {
        return version;
    }

    public Hash prevHash() {
        Hash h = prevHash;
        if (h == null) {
            h = Hash.wrap(bytes, PREV);
            prevHash = h;
        }
        return h;
    }

    public Hash merkleRoot() {
        Hash h = merkleRoot;
        if (h == null) {
            h = Hash.wrap(bytes, MERKLE);
            merkleRoot = h;
        }
        return h;
    }

    /** Block time, seconds since the epoch (uint32). */
    public long time() {
        return time;
    }

    /** Compact-encoded target (uint32). */
    public long bits() {
        return bits;
    }

    public long nonce() {
        return nonce;
    }

    /** SHA-256d of the 80 serialized bytes. */
    public Hash hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "BlockHeader{" + hash + ", prev=" + prevHash() + ", time=" + time + ", bits=0x" + Long.toHexString(bits)
                + ", nonce=" + nonce + "}";
    }
}
