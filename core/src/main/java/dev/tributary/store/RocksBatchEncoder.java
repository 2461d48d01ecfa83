package dev.tributary.store;

/**
 * Encodes a {@link WriteBatch} for one RocksDB column family in RocksDB's own serialized batch format (its
 * {@code WriteBatch::rep_}), so that the whole batch crosses JNI as one byte array
 * ({@code new org.rocksdb.WriteBatch(byte[])}) instead of one native call per put.
 *
 * <h2>Format</h2>
 * Integers little-endian; {@code varint32} is RocksDB's (and protobuf's) base-128 varint, low group first.
 * <pre>
 *  offset size   field
 *   0      8     sequence number: 0 (RocksDB assigns it when the batch is written)
 *   8      4     count of records, uint32
 *  12      ...   records, in the batch's order:
 *                  put, default column family:  0x01 | varint32 key length | key | varint32 value length | value
 *                  put, column family id c:     0x05 | varint32 c | key as above | value as above
 *                  delete, default family:      0x00 | varint32 key length | key
 *                  delete, column family id c:  0x04 | varint32 c | key as above
 * </pre>
 * This is RocksDB's {@code kTypeValue}, {@code kTypeColumnFamilyValue}, {@code kTypeDeletion} and
 * {@code kTypeColumnFamilyDeletion} layout ({@code db/write_batch.cc}), stable across RocksDB releases since
 * it is also the write-ahead log's record format.
 *
 * <p>Not thread-safe; the encoder reuses its buffer from one batch to the next.
 */
final class RocksBatchEncoder implements WriteBatch.Handler {
    private static final int HEADER = 12;
    private static final byte TYPE_DELETION = 0x00;
    private static final byte TYPE_VALUE = 0x01;
    private static final byte TYPE_CF_DELETION = 0x04;
    private static final byte TYPE_CF_VALUE = 0x05;

    private int family;
    private byte[] buffer = new byte[1024];
    private int length;
    private int count;

    /**
     * The serialized form of {@code batch} for column family {@code familyId} (0 is the default family), in an
     * array of exactly its size (a batch of thousands of headers is megabytes: no second copy is made). The
     * encoder keeps no reference to the array returned.
     */
    byte[] encode(WriteBatch batch, int familyId) {
        this.family = familyId;
        long size = HEADER + sizeOf(batch, familyId);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a batch of " + batch.byteSize() + " bytes is too large for one write");
        }
        buffer = new byte[(int) size];
        length = HEADER;
        count = 0;
        batch.replay(this);
        buffer[8] = (byte) count;
        buffer[9] = (byte) (count >>> 8);
        buffer[10] = (byte) (count >>> 16);
        buffer[11] = (byte) (count >>> 24);
        byte[] out = buffer;
        buffer = null;
        return out;
    }

    /** The records' size: what {@link #encode} writes after the header. */
    private static long sizeOf(WriteBatch batch, int familyId) {
        long tag = 1 + (familyId == 0 ? 0 : varintSize(familyId));
        long[] size = {0};
        batch.replay(new WriteBatch.Handler() {
            @Override
            public void put(byte[] key, byte[] value) {
                size[0] += tag + varintSize(key.length) + key.length + varintSize(value.length) + value.length;
            }

            @Override
            public void delete(byte[] key) {
                size[0] += tag + varintSize(key.length) + key.length;
            }

        });
        return size[0];
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        tag(TYPE_VALUE, TYPE_CF_VALUE);
        bytes(key);
        bytes(value);
        count++;
    }

    @Override
    public void delete(byte[] key) {
        tag(TYPE_DELETION, TYPE_CF_DELETION);
        bytes(key);
        count++;
    }

    private void tag(byte defaultType, byte familyType) {
        if (family == 0) {
            buffer[length++] = defaultType;
        } else {
            buffer[length++] = familyType;
            varint(family);
        }
    }

    private void bytes(byte[] b) {
        varint(b.length);
        System.arraycopy(b, 0, buffer, length, b.length);
        length += b.length;
    }

    private void varint(int v) {
        while ((v & ~0x7f) != 0) {
            buffer[length++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buffer[length++] = (byte) v;
    }
}
