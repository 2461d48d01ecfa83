package dev.tributary.chain;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.bytes.Sha256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of headers kept as bytes in one array, each with its hash: what a {@code headers} message
 * decodes to. A message of 2,000 headers is one object, not 2,000 headers, their byte arrays and their hashes;
 * {@link HeaderChainAttacher} validates and indexes them from the bytes. {@link #get} makes a header object on
 * demand, equal to the one the bytes encode (its hash is not recomputed).
 *
 * <pre>
 *  per header, {@value #ENTRY} bytes:
 *  offset size
 *    0     80   the header, as on the wire ({@link BlockHeader}'s layout: version, previous hash, merkle root,
 *               time, bits, nonce)
 *   80     32   its hash, SHA-256d of the 80 bytes, internal order
 * </pre>
 */
public final class HeaderList extends AbstractList<BlockHeader> implements RandomAccess {
    /** Bytes per header: the header, then its hash. */
    static final int ENTRY = BlockHeader.SIZE + Hash.LENGTH;
    private static final int PREV = 4;
    private static final int TIME = 68;
    private static final int BITS = 72;
    private static final int HASH = BlockHeader.SIZE;
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final int size;

    private HeaderList(byte[] bytes, int size) {
        this.bytes = bytes;
        this.size = size;
    }

    /**
     * Reads {@code count} headers, each 80 bytes followed by a varint transaction count that must be 0 (the body of
     * a {@code headers} message after its count), hashing each where it is decoded.
     *
     * @throws MalformedDataException when the bytes end early or a header declares transactions
     */
    public static HeaderList read(ByteReader in, int count) {
        byte[] bytes = new byte[count * ENTRY];
        for (int i = 0; i < count; i++) {
            if (in.remaining() < BlockHeader.SIZE) {
                throw new MalformedDataException("truncated: a header needs 80 bytes, " + in.remaining() + " left");
            }
            int o = i * ENTRY;
            System.arraycopy(in.array(), in.position(), bytes, o, BlockHeader.SIZE);
            in.skip(BlockHeader.SIZE);
            Sha256.sha256dInto(bytes, o, BlockHeader.SIZE, bytes, o + HASH);
            long txCount = in.readVarInt();
            if (txCount != 0) {
                throw new MalformedDataException("header " + i + " declares " + txCount + " transactions; headers carry none");
            }
        }
        return new HeaderList(bytes, count);
    }

    /** {@code headers} as a list of bytes: itself when it is one, else a copy (no header is hashed again). */
    public static HeaderList of(List<BlockHeader> headers) {
        if (headers instanceof HeaderList list) {
            return list;
        }
        byte[] bytes = new byte[headers.size() * ENTRY];
        for (int i = 0; i < headers.size(); i++) {
            BlockHeader h = Objects.requireNonNull(headers.get(i), "header");
            h.writeTo(bytes, i * ENTRY);
            h.hash().copyTo(bytes, i * ENTRY + HASH);
        }
        return new HeaderList(bytes, headers.size());
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public BlockHeader get(int i) {
        Objects.checkIndex(i, size);
        int o = i * ENTRY;
        return BlockHeader.decode(bytes, o, Hash.wrap(bytes, o + HASH));
    }

    /** Header {@code i}'s hash as an object. */
    public Hash hash(int i) {
        Objects.checkIndex(i, size);
        return Hash.wrap(bytes, i * ENTRY + HASH);
    }

    /** Header {@code i}'s previous hash as an object. */
    public Hash prevHash(int i) {
        Objects.checkIndex(i, size);
        return Hash.wrap(bytes, i * ENTRY + PREV);
    }

    /** Compact target (uint32) of header {@code i}. */
    public long bits(int i) {
        return (int) LE_INT.get(bytes, i * ENTRY + BITS) & 0xffffffffL;
    }

    long time(int i) {
        return (int) LE_INT.get(bytes, i * ENTRY + TIME) & 0xffffffffL;
    }

    int version(int i) {
        return (int) LE_INT.get(bytes, i * ENTRY);
    }

    /** Limb {@code limb} of header {@code i}'s hash, as {@link Hash#limb} reads it. */
    long hashLimb(int i, int limb) {
        return (long) LE_LONG.get(bytes, i * ENTRY + HASH + 8 * limb);
    }

    /** The array holding the entries (not copied: callers only read it). */
    byte[] array() {
        return bytes;
    }

    /** Offset of header {@code i}'s 80 bytes in {@link #array()}; its hash follows them. */
    static int offset(int i) {
        return i * ENTRY;
    }

    /** Offset of header {@code i}'s hash in {@link #array()}. */
    static int hashOffset(int i) {
        return i * ENTRY + HASH;
    }

    /** Offset of header {@code i}'s previous hash in {@link #array()}. */
    static int prevHashOffset(int i) {
        return i * ENTRY + PREV;
    }

    /** Whether header {@code i}'s previous hash is header {@code j}'s hash. */
    boolean follows(int i, int j) {
        return Arrays.equals(bytes, i * ENTRY + PREV, i * ENTRY + PREV + Hash.LENGTH, bytes, j * ENTRY + HASH,
                j * ENTRY + HASH + Hash.LENGTH);
    }

    /** Writes header {@code i}'s 80 bytes at {@code offset} of {@code target}. */
    public void writeHeader(int i, byte[] target, int offset) {
        Objects.checkIndex(i, size);
        System.arraycopy(bytes, i * ENTRY, target, offset, BlockHeader.SIZE);
    }
}
