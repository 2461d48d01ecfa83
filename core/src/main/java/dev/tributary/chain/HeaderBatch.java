package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of header entries kept as bytes in one array: what {@link HeaderChainAttacher} accepts from a
 * batch, and what the store's write-behind queue holds while the batch waits for the disk. A batch of 2,000 entries
 * as objects (header, hashes, chain work, the entry) is about 2,000 small objects that live as long as the batch is
 * queued, so every young collection in the meantime copies them; as one array it is one object, which the attacher
 * fills straight from a {@link HeaderList} and the store writes from without making the objects at all
 * ({@link #writeHeaderValue}, {@link #writeHash}).
 *
 * <pre>
 *  per entry, {@value #ENTRY} bytes:
 *  offset size
 *    0     80   the header, as on the wire
 *   80     32   its hash (SHA-256d of the 80 bytes, as computed when it was decoded: not recomputed)
 *  112      4   height, int32
 *  116      8   chain work, high 64 bits
 *  124      8   chain work, low 64 bits        (every chain work a block index holds fits in 128 bits)
 * </pre>
 *
 * {@link #get} makes an entry object on demand, equal to the one the batch was made from.
 */
public final class HeaderBatch extends AbstractList<HeaderSyncData> implements RandomAccess {
    /** Bytes per entry. */
    public static final int ENTRY = 132;
    private static final int HASH = 80;
    private static final int HEIGHT = 112;
    private static final int WORK_HI = 116;
    private static final int WORK_LO = 124;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private final int size;

    private HeaderBatch(byte[] bytes, int size) {
        this.bytes = bytes;
        this.size = size;
    }

    /**
     * The entries of {@code entries} as a batch: itself when it is one (a batch is immutable), or {@code entries}
     * copied to an immutable list when one of them has a chain work beyond 128 bits, which no block index makes but
     * a caller of the store may.
     */
    public static List<HeaderSyncData> of(List<HeaderSyncData> entries) {
        if (entries instanceof HeaderBatch) {
            return entries;
        }
        byte[] bytes = new byte[entries.size() * ENTRY];
        byte[] work = new byte[32];
        for (int i = 0; i < entries.size(); i++) {
            HeaderSyncData e = entries.get(i);
            if (!e.writeWork(work, 0) || (long) LONG.get(work, 0) != 0 || (long) LONG.get(work, 8) != 0) {
                return List.copyOf(entries);
            }
            int o = i * ENTRY;
            e.header().writeTo(bytes, o);
            e.hash().copyTo(bytes, o + HASH);
            INT.set(bytes, o + HEIGHT, e.height());
            System.arraycopy(work, 16, bytes, o + WORK_HI, 16);
        }
        return new HeaderBatch(bytes, entries.size());
    }

    /** {@code entries} itself when it is a batch (immutable already), else an immutable copy. */
    public static List<HeaderSyncData> immutable(List<HeaderSyncData> entries) {
        return entries instanceof HeaderBatch ? entries : List.copyOf(entries);
    }

    /**
     * The entries of {@code lists}, in order, as one list: one batch (one array copy) when all are batches, else a
     * list of the entries.
     */
    public static List<HeaderSyncData> concat(List<List<HeaderSyncData>> lists) {
        int total = 0;
        boolean allBatches = true;
        for (List<HeaderSyncData> l : lists) {
            total += l.size();
            allBatches &= l instanceof HeaderBatch;
        }
        if (!allBatches) {
            List<HeaderSyncData> all = new ArrayList<>(total);
            lists.forEach(all::addAll);
            return all;
        }
        byte[] bytes = new byte[total * ENTRY];
        int at = 0;
        for (List<HeaderSyncData> l : lists) {
            HeaderBatch b = (HeaderBatch) l;
            System.arraycopy(b.bytes, 0, bytes, at, b.size * ENTRY);
            at += b.size * ENTRY;
        }
        return new HeaderBatch(bytes, total);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public HeaderSyncData get(int i) {
        java.util.Objects.checkIndex(i, size);
        int o = i * ENTRY;
        BlockHeader header = BlockHeader.decode(bytes, o, Hash.wrap(bytes, o + HASH));
        return HeaderSyncData.ofWork(header, height(i), (long) LONG.get(bytes, o + WORK_HI), (long) LONG.get(bytes, o + WORK_LO));
    }

    /** Entry {@code i}'s height. */
    public int height(int i) {
        return (int) INT.get(bytes, i * ENTRY + HEIGHT);
    }

    /** Copies entry {@code i}'s hash (32 bytes, internal order) to {@code target} at {@code offset}. */
    public void writeHash(int i, byte[] target, int offset) {
        System.arraycopy(bytes, i * ENTRY + HASH, target, offset, Hash.LENGTH);
    }

    /** Whether entry {@code i}'s previous hash is entry {@code j}'s hash. */
    public boolean follows(int i, int j) {
        return java.util.Arrays.equals(bytes, i * ENTRY + 4, i * ENTRY + 36, bytes, j * ENTRY + HASH, j * ENTRY + HASH + 32);
    }

    /** Whether entry {@code i}'s previous hash is the 32 bytes at {@code offset} of {@code hash}. */
    public boolean prevHashEquals(int i, byte[] hash, int offset) {
        return java.util.Arrays.equals(bytes, i * ENTRY + 4, i * ENTRY + 36, hash, offset, offset + Hash.LENGTH);
    }

    /**
     * Writes entry {@code i}'s value in the store's layout (the
     * header, then its chain work as 32 big-endian bytes) at {@code offset} of {@code target}.
     */
    public void writeHeaderValue(int i, byte[] target, int offset) {
        int o = i * ENTRY;
        System.arraycopy(bytes, o, target, offset, BlockHeader.SIZE);
        java.util.Arrays.fill(target, offset + BlockHeader.SIZE, offset + BlockHeader.SIZE + 16, (byte) 0);
        System.arraycopy(bytes, o + WORK_HI, target, offset + BlockHeader.SIZE + 16, 16);
    }

    /**
     * Fills a batch entry by entry, from a {@link HeaderList}'s bytes (header and hash copied at once): what the
     * attacher builds as it accepts headers. {@link #build} hands the array over without copying it.
     */
    static final class Builder {
        private byte[] bytes;
        private int size;

        Builder(int capacity) {
            bytes = new byte[Math.max(1, capacity) * ENTRY];
        }

        /** Appends header {@code i} of {@code headers} at {@code height} with the given chain work. */
        void add(HeaderList headers, int i, int height, long workHi, long workLo) {
            if ((size + 1) * ENTRY > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            int o = size * ENTRY;
            System.arraycopy(headers.array(), HeaderList.offset(i), bytes, o, HeaderList.ENTRY);
            INT.set(bytes, o + HEIGHT, height);
            LONG.set(bytes, o + WORK_HI, workHi);
            LONG.set(bytes, o + WORK_LO, workLo);
            size++;
        }

        int size() {
            return size;
        }

        /** The batch of the entries added; the builder must not be used after. */
        HeaderBatch build() {
            return new HeaderBatch(bytes, size);
        }
    }
}
