package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The storage of {@link BlockIndex}: one fixed-size record per header in chunks of primitive bytes, and an
 * open-addressing hash table from block hash to record number. No object per header: a mainnet-sized
 * chain of a million headers takes about 120 MB (108 bytes a record, 4 to 8 bytes of table).
 *
 * <pre>
 *  offset  size  field
 *   0      32    block hash, internal order
 *  32       4    version                 int32 LE
 *  36      32    merkle root             internal order
 *  68       4    time                    uint32 LE
 *  72       4    bits                    uint32 LE
 *  76       4    nonce                   uint32 LE
 *  80       4    parent's record number  int32 LE, -1 for the first record (the index's start)
 *  84       4    skip pointer's record   int32 LE (Core's pskip), -1 for the first record
 *  88       4    height above the start  int32 LE
 *  92       8    chain work, high 64 bits
 * 100       8    chain work, low 64 bits (unsigned 128-bit total)
 * </pre>
 *
 * The previous-block hash is not kept: it is the parent record's hash (the first record's is given at
 * construction). Chain work is held in 128 bits: a chain would need 2^128 expected hashes to exceed it.
 *
 * <p>Records are appended and never removed. Chunks of {@value #CHUNK_RECORDS} records grow without
 * copying what is stored; the table doubles at half full. Not thread-safe.
 */
final class HeaderRecords {
    static final int RECORD_SIZE = 108;
    private static final int CHUNK_BITS = 14;
    static final int CHUNK_RECORDS = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_RECORDS - 1;

    private static final int HASH = 0;
    private static final int VERSION = 32;
    private static final int MERKLE = 36;
    private static final int TIME = 68;
    private static final int BITS = 72;
    private static final int NONCE = 76;
    private static final int PREV = 80;
    private static final int SKIP = 84;
    private static final int REL = 88;
    private static final int WORK_HI = 92;
    private static final int WORK_LO = 100;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final BigInteger MAX_WORK = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** The previous hash of the index's start record, which has no parent record. */
    private Hash firstPrevHash;
    private byte[][] chunks = new byte[4][];
    private int size;
    /** Records {@code [0, indexed)} are in {@link #table}; the rest are put there at the next lookup. */
    private int indexed;
    /** Open addressing, linear probing: 0 is empty, otherwise record number + 1. */
    private int[] table = new int[1 << 10];

    HeaderRecords(Hash firstPrevHash) {
        this.firstPrevHash = firstPrevHash;
    }

    int size() {
        return size;
    }

    /** Sets the previous hash of the start record (known only at the end of a load). */
    void setFirstPrevHash(Hash prevHash) {
        this.firstPrevHash = prevHash;
    }

    /**
     * Appends a record from serialized bytes: the 80-byte header at {@code headerOffset} of {@code header},
     * its hash at {@code hashOffset} of {@code hash} (not recomputed). Links and height are set later with
     * {@link #link}. The hash must not be present.
     */
    int addRaw(byte[] hash, int hashOffset, byte[] header, int headerOffset, long workHi, long workLo) {
        int i = reserve();
        byte[] chunk = chunks[i >>> CHUNK_BITS];
        int o = (i & CHUNK_MASK) * RECORD_SIZE;
        System.arraycopy(hash, hashOffset, chunk, o + HASH, Hash.LENGTH);
        INT.set(chunk, o + VERSION, (int) INT.get(header, headerOffset));
        System.arraycopy(header, headerOffset + 36, chunk, o + MERKLE, Hash.LENGTH + 12);
        INT.set(chunk, o + PREV, -1);
        INT.set(chunk, o + SKIP, -1);
        LONG.set(chunk, o + WORK_HI, workHi);
        LONG.set(chunk, o + WORK_LO, workLo);
        size++;
        return i;
    }

    private int reserve() {
        int i = size;
        int c = i >>> CHUNK_BITS;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new byte[CHUNK_RECORDS * RECORD_SIZE];
        }
        return i;
    }

    /**
     * Appends a record; the hash must not be present. {@code header}'s previous hash is not stored: it must
     * be {@code prev}'s hash (or, for the first record, the hash given at construction).
     *
     * @return the new record's number
     */
    int add(BlockHeader header, int prev, int skip, int rel, long workHi, long workLo) {
        int i = reserve();
        byte[] chunk = chunks[i >>> CHUNK_BITS];
        int o = (i & CHUNK_MASK) * RECORD_SIZE;
        header.hash().copyTo(chunk, o + HASH);
        INT.set(chunk, o + VERSION, header.version());
        header.copyMerkleRootTo(chunk, o + MERKLE);
        INT.set(chunk, o + TIME, (int) header.time());
        INT.set(chunk, o + BITS, (int) header.bits());
        INT.set(chunk, o + NONCE, (int) header.nonce());
        return completed(i, prev, skip, rel, workHi, workLo);
    }

    /**
     * Appends header {@code h} of {@code headers} as a record, from its bytes: the same as {@link #add(BlockHeader,
     * int, int, int, long, long)}, making no object.
     */
    int add(HeaderList headers, int h, int prev, int skip, int rel, long workHi, long workLo) {
        int i = reserve();
        byte[] chunk = chunks[i >>> CHUNK_BITS];
        int o = (i & CHUNK_MASK) * RECORD_SIZE;
        byte[] from = headers.array();
        int header = HeaderList.offset(h);
        System.arraycopy(from, HeaderList.hashOffset(h), chunk, o + HASH, Hash.LENGTH);
        INT.set(chunk, o + VERSION, (int) INT.get(from, header));
        System.arraycopy(from, header + 36, chunk, o + MERKLE, Hash.LENGTH + 12);
        return completed(i, prev, skip, rel, workHi, workLo);
    }

    /** Sets the links and chain work of reserved record {@code i}, whose header fields are written, and counts it. */
    private int completed(int i, int prev, int skip, int rel, long workHi, long workLo) {
        link(i, prev, skip, rel);
        byte[] chunk = chunks[i >>> CHUNK_BITS];
        int o = (i & CHUNK_MASK) * RECORD_SIZE;
        LONG.set(chunk, o + WORK_HI, workHi);
        LONG.set(chunk, o + WORK_LO, workLo);
        size++;
        return i;
    }

    /** Sets the parent, skip pointer and height of a record (for loading, where records come before their links). */
    void link(int i, int prev, int skip, int rel) {
        byte[] chunk = chunks[i >>> CHUNK_BITS];
        int o = (i & CHUNK_MASK) * RECORD_SIZE;
        INT.set(chunk, o + PREV, prev);
        INT.set(chunk, o + SKIP, skip);
        INT.set(chunk, o + REL, rel);
    }

    private void insert(long key, int i) {
        int mask = table.length - 1;
        int slot = spread(key) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = i + 1;
    }

    /**
     * Puts the records appended since the last lookup into the hash table, growing it first if needed. Appends
     * only append; the table catches up here, at the next lookup, in one tight loop whose probes do not depend on
     * each other: the processor overlaps their cache misses, where an insert per append (between a header's
     * validation and the next) waited for each miss in turn.
     */
    private void indexPending() {
        if (size * 2 > table.length) {
            int capacity = table.length;
            while (size * 2 > capacity) {
                capacity *= 2;
            }
            table = new int[capacity];
            indexed = 0;
        }
        for (int i = indexed; i < size; i++) {
            insert(prefix64(i), i);
        }
        indexed = size;
    }

    private static int spread(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32);
    }

    /** The record number of the hash at {@code offset} of {@code bytes}, or -1. */
    int find(byte[] bytes, int offset) {
        if (indexed < size) {
            indexPending();
        }
        int mask = table.length - 1;
        int slot = spread((long) LONG.get(bytes, offset)) & mask;
        while (true) {
            int v = table[slot];
            if (v == 0) {
                return -1;
            }
            int i = v - 1;
            if (Arrays.equals(bytes, offset, offset + Hash.LENGTH, chunks[i >>> CHUNK_BITS],
                    (i & CHUNK_MASK) * RECORD_SIZE + HASH, (i & CHUNK_MASK) * RECORD_SIZE + HASH + Hash.LENGTH)) {
                return i;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The record number of {@code hash}, or -1. */
    int find(Hash hash) {
        if (indexed < size) {
            indexPending();
        }
        int mask = table.length - 1;
        int slot = spread(hash.prefix64()) & mask;
        while (true) {
            int v = table[slot];
            if (v == 0) {
                return -1;
            }
            int i = v - 1;
            if (hash.equalsBytes(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + HASH)) {
                return i;
            }
            slot = (slot + 1) & mask;
        }
    }

    private long prefix64(int i) {
        return (long) LONG.get(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + HASH);
    }

    private int intAt(int i, int field) {
        return (int) INT.get(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + field);
    }

    int prev(int i) {
        return intAt(i, PREV);
    }

    int skip(int i) {
        return intAt(i, SKIP);
    }

    /** Height above the index's start. */
    int rel(int i) {
        return intAt(i, REL);
    }

    int version(int i) {
        return intAt(i, VERSION);
    }

    long time(int i) {
        return intAt(i, TIME) & 0xffffffffL;
    }

    long bits(int i) {
        return intAt(i, BITS) & 0xffffffffL;
    }

    long workHi(int i) {
        return (long) LONG.get(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + WORK_HI);
    }

    long workLo(int i) {
        return (long) LONG.get(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + WORK_LO);
    }

    /** Compares the chain work of two records as unsigned 128-bit numbers. */
    int compareWork(int a, int b) {
        int c = Long.compareUnsigned(workHi(a), workHi(b));
        return c != 0 ? c : Long.compareUnsigned(workLo(a), workLo(b));
    }

    BigInteger work(int i) {
        return toBigInteger(workHi(i), workLo(i));
    }

    Hash hash(int i) {
        return Hash.wrap(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + HASH);
    }

    /** Whether record {@code i} is {@code header}'s parent: its hash is the header's previous hash. */
    boolean isParentOf(int i, BlockHeader header) {
        return header.prevHashEquals(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + HASH);
    }

    /** Whether record {@code i} is the parent of header {@code h} of {@code headers}. */
    boolean isParentOf(int i, HeaderList headers, int h) {
        return Arrays.equals(headers.array(), HeaderList.prevHashOffset(h), HeaderList.prevHashOffset(h) + Hash.LENGTH,
                chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + HASH, (i & CHUNK_MASK) * RECORD_SIZE + HASH + Hash.LENGTH);
    }

    boolean hashEquals(int i, Hash hash) {
        return hash.equalsBytes(chunks[i >>> CHUNK_BITS], (i & CHUNK_MASK) * RECORD_SIZE + HASH);
    }

    /** The header of record {@code i}, as an object (its hash is not recomputed). */
    BlockHeader header(int i) {
        byte[] chunk = chunks[i >>> CHUNK_BITS];
        int o = (i & CHUNK_MASK) * RECORD_SIZE;
        int prev = prev(i);
        Hash prevHash = prev < 0 ? firstPrevHash : hash(prev);
        return new BlockHeader((int) INT.get(chunk, o + VERSION), prevHash, Hash.wrap(chunk, o + MERKLE),
                (int) INT.get(chunk, o + TIME) & 0xffffffffL, (int) INT.get(chunk, o + BITS) & 0xffffffffL,
                (int) INT.get(chunk, o + NONCE) & 0xffffffffL, Hash.wrap(chunk, o + HASH));
    }

    /** Writes record {@code i}'s 80 serialized header bytes at {@code offset} of {@code target}. */
    void writeHeader(int i, byte[] target, int offset) {
        byte[] chunk = chunks[i >>> CHUNK_BITS];
        int o = (i & CHUNK_MASK) * RECORD_SIZE;
        INT.set(target, offset, (int) INT.get(chunk, o + VERSION));
        int prev = prev(i);
        if (prev < 0) {
            firstPrevHash.copyTo(target, offset + 4);
        } else {
            System.arraycopy(chunks[prev >>> CHUNK_BITS], (prev & CHUNK_MASK) * RECORD_SIZE + HASH, target, offset + 4,
                    Hash.LENGTH);
        }
        System.arraycopy(chunk, o + MERKLE, target, offset + 36, Hash.LENGTH + 12);
    }

    /** Heap bytes held, for tests and reports. */
    long heapBytes() {
        long chunkBytes = 0;
        for (byte[] c : chunks) {
            if (c != null) {
                chunkBytes += c.length;
            }
        }
        return chunkBytes + 4L * table.length;
    }

    static BigInteger toBigInteger(long hi, long lo) {
        return HeaderSyncData.toBigInteger(hi, lo);
    }

    /**
     * Splits a chain work into its high and low 64 bits.
     *
     * @throws IllegalArgumentException when it is negative or needs more than 128 bits
     */
    static long[] split(BigInteger work) {
        if (work.signum() < 0 || work.compareTo(MAX_WORK) > 0) {
            throw new IllegalArgumentException("chain work " + work + " is not an unsigned 128-bit number");
        }
        return new long[] {work.shiftRight(64).longValue(), work.longValue()};
    }
}
