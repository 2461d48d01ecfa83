package dev.tributary.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes Bitcoin's encodings into a growing byte array; the mirror of {@link ByteReader}. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(64);
    }

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public int size() {
        return size;
    }

    public ByteWriter writeUInt8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter writeBoolean(boolean v) {
        return writeUInt8(v ? 1 : 0);
    }

    public ByteWriter writeUInt16BE(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    private ByteWriter writeUInt16LE(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    public ByteWriter writeInt32LE(int v) {
        ensure(4);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 24);
        return this;
    }

    /** Writes the low 32 bits of {@code v}; for fields Bitcoin defines as uint32. */
    public ByteWriter writeUInt32LE(long v) {
        return writeInt32LE((int) v);
    }

    public ByteWriter writeInt64LE(long v) {
        writeInt32LE((int) v);
        return writeInt32LE((int) (v >>> 32));
    }

    /** Writes a compact-size unsigned integer in its shortest form. */
    public ByteWriter writeVarInt(long v) {
        if (v >= 0 && v < 0xfd) {
            return writeUInt8((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            writeUInt8(0xfd);
            return writeUInt16LE((int) v);
        } else if (v >= 0 && v <= 0xffffffffL) {
            writeUInt8(0xfe);
            return writeUInt32LE(v);
        }
        writeUInt8(0xff);
        return writeInt64LE(v);
    }

    /** Encoded size of a compact-size integer. */
    public static int varIntSize(long v) {
        if (v >= 0 && v < 0xfd) {
            return 1;
        } else if (v >= 0 && v <= 0xffff) {
            return 3;
        } else if (v >= 0 && v <= 0xffffffffL) {
            return 5;
        }
        return 9;
    }

    public ByteWriter writeBytes(byte[] b) {
        return writeBytes(b, 0, b.length);
    }

    public ByteWriter writeBytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
        return this;
    }

    /** Writes a varint length then the bytes. */
    public ByteWriter writeVarBytes(byte[] b) {
        writeVarInt(b.length);
        return writeBytes(b);
    }

    public ByteWriter writeVarString(String s) {
        return writeVarBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public ByteWriter writeHash(Hash h) {
        ensure(Hash.LENGTH);
        h.copyTo(buf, size);
        size += Hash.LENGTH;
        return this;
    }

    /**
     * The bytes written so far. When they fill the buffer exactly (a writer sized to what it would hold), the
     * buffer itself is returned, not a copy: it is never written again, as a later write first moves to a larger
     * buffer.
     */
    public byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
