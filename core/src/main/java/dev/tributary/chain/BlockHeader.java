package dev.tributary.chain;

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

    private final int version;
    private final Hash prevHash;
    private final Hash merkleRoot;
    private final long time;
    private final long bits;
    private final long nonce;
    private final Hash hash;

    /**
     * @param time  uint32 seconds
     * @param bits  uint32 compact target
     * @param nonce uint32
     */
    public BlockHeader(int version, Hash prevHash, Hash merkleRoot, long time, long bits, long nonce) {
        this.version = version;
        this.prevHash = prevHash;
        this.merkleRoot = merkleRoot;
        this.time = time & 0xffffffffL;
        this.bits = bits & 0xffffffffL;
        this.nonce = nonce & 0xffffffffL;
        this.hash = Sha256.sha256d(serialize());
    }

    /** A header whose hash is already known (read from the index or the store, where it was computed once). */
    BlockHeader(int version, Hash prevHash, Hash merkleRoot, long time, long bits, long nonce, Hash hash) {
        this.version = version;
        this.prevHash = prevHash;
        this.merkleRoot = merkleRoot;
        this.time = time & 0xffffffffL;
        this.bits = bits & 0xffffffffL;
        this.nonce = nonce & 0xffffffffL;
        this.hash = hash;
    }

    /**
     * Decodes the 80 bytes at {@code offset} of {@code bytes}, hashing them where they lie: one SHA-256d,
     * no re-serialization. The caller checks that 80 bytes are there.
     */
    public static BlockHeader decode(byte[] bytes, int offset) {
        Hash hash = Sha256.sha256d(bytes, offset, SIZE);
        return decode(bytes, offset, hash);
    }

    /** Decodes the 80 bytes at {@code offset} of {@code bytes} whose SHA-256d is {@code hash} (not checked). */
    static BlockHeader decode(byte[] bytes, int offset, Hash hash) {
        return new BlockHeader((int) LE_INT.get(bytes, offset), Hash.wrap(bytes, offset + 4), Hash.wrap(bytes, offset + 36),
                (int) LE_INT.get(bytes, offset + 68), (int) LE_INT.get(bytes, offset + 72),
                (int) LE_INT.get(bytes, offset + 76), hash);
    }

    static final java.lang.invoke.VarHandle LE_INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Writes the 80 serialized bytes at {@code offset} of {@code target}, without an intermediate copy. */
    public void writeTo(byte[] target, int offset) {
        LE_INT.set(target, offset, version);
        prevHash.copyTo(target, offset + 4);
        merkleRoot.copyTo(target, offset + 36);
        LE_INT.set(target, offset + 68, (int) time);
        LE_INT.set(target, offset + 72, (int) bits);
        LE_INT.set(target, offset + 76, (int) nonce);
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
        out.writeInt32LE(version).writeHash(prevHash).writeHash(merkleRoot).writeUInt32LE(time).writeUInt32LE(bits)
                .writeUInt32LE(nonce);
    }

    public byte[] serialize() {
        byte[] out = new byte[SIZE];
        writeTo(out, 0);
        return out;
    }

    /** The same header with another nonce; what a miner iterates over. */
    public BlockHeader withNonce(long newNonce) {
        return new BlockHeader(version, prevHash, merkleRoot, time, bits, newNonce);
    }

    public int version() {
        return version;
    }

    public Hash prevHash() {
        return prevHash;
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
        return "BlockHeader{" + hash + ", prev=" + prevHash + ", time=" + time + ", bits=0x" + Long.toHexString(bits)
                + ", nonce=" + nonce + "}";
    }
}
