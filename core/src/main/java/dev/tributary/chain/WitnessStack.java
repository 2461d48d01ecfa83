package dev.tributary.chain;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A witness stack as it was read: its items kept serialized in one array (each a varint length and its bytes),
 * so a decoded stack costs what it took on the wire, however many items a peer packs into it (an empty item
 * is one byte on the wire; as a separate array it would be sixteen or more). Items are materialized when
 * read, in order; {@link #get(int)} walks from the first. Immutable.
 */
final class WitnessStack extends AbstractList<byte[]> {
    private static final byte[] EMPTY = new byte[0];

    private final byte[] items;
    private final int count;

    private WitnessStack(byte[] items, int count) {
        this.items = items;
        this.count = count;
    }

    /** Reads a stack: a varint item count, then that many varint-prefixed items. */
    static WitnessStack read(ByteReader in) {
        int n = in.readCount(Integer.MAX_VALUE, 1, "witness items");
        int start = in.position();
        for (int i = 0; i < n; i++) {
            long len = in.readVarInt();
            if (len < 0 || len > in.remaining()) {
                throw new dev.tributary.bytes.MalformedDataException("truncated: witness item of "
                        + Long.toUnsignedString(len) + " bytes, " + in.remaining() + " left");
            }
            in.skip((int) len);
        }
        return new WitnessStack(Arrays.copyOfRange(in.array(), start, in.position()), n);
    }

    /** Writes the stack as it was read: the count, then the items. */
    void write(ByteWriter out) {
        out.writeVarInt(count).writeBytes(items);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public byte[] get(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
        Iterator<byte[]> it = iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next();
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof WitnessStack other) {
            return count == other.count && Arrays.equals(items, other.items);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * count + Arrays.hashCode(items);
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private final ByteReader in = new ByteReader(items);
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public byte[] next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                next++;
                int len = (int) in.readVarInt();
                return len == 0 ? EMPTY : in.readBytes(len);
            }
        };
    }
}
