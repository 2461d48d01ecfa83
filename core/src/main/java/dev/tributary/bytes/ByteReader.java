package dev.tributary.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Bitcoin's encodings from a byte array: little-endian integers, compact-size varints, hashes and
 * length-prefixed byte strings. Every read checks the bytes that remain first and throws
 * {@link MalformedDataException} when they do not suffice, so no read allocates more than the input
 * actually holds, whatever a length prefix claims.
 */
public final class ByteReader {
    private static final byte[] EMPTY = new byte[0];

    private final byte[] data;
    private final int end;
    private int position;

    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    public ByteReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || length > data.length - offset) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + ((long) offset + length) + ") of " + data.length);
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - position;
    }

    public int position() {
        return position;
    }

    /** The underlying array; with {@link #position()} it lets a caller hash a slice it just read. */
    public byte[] array() {
        return data;
    }

    private void require(int n, String what) {
        if (n < 0 || end - position < n) {
            throw new MalformedDataException("truncated: " + what + " needs " + n + " bytes, " + (end - position) + " left");
        }
    }

    public int readUInt8() {
        require(1, "uint8");
        return data[position++] & 0xff;
    }

    public boolean readBoolean() {
        return readUInt8() != 0;
    }

    public int readUInt16BE() {
        require(2, "uint16");
        int v = (data[position] & 0xff) << 8 | (data[position + 1] & 0xff);
        position += 2;
        return v;
    }

    public int readInt32LE() {
        require(4, "int32");
        int v = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8 | (data[position + 2] & 0xff) << 16
                | (data[position + 3] & 0xff) << 24;
        position += 4;
        return v;
    }

    public long readUInt32LE() {
        return readInt32LE() & 0xffffffffL;
    }

    public long readInt64LE() {
        require(8, "int64");
        long lo = readInt32LE() & 0xffffffffL;
        long hi = readInt32LE() & 0xffffffffL;
        return lo | hi << 32;
    }

    /**
     * Reads a compact-size unsigned integer (1, 3, 5 or 9 bytes). Non-canonical encodings, a value
     * written longer than needed, are rejected as Bitcoin Core does.
     */
    public long readVarInt() {
        int first = readUInt8();
        long v;
        if (first < 0xfd) {
            return first;
        } else if (first == 0xfd) {
            v = readUInt16LE();
            if (v < 0xfd) {
                throw new MalformedDataException("non-canonical varint " + v);
            }
        } else if (first == 0xfe) {
            v = readUInt32LE();
            if (v <= 0xffff) {
                throw new MalformedDataException("non-canonical varint " + v);
            }
        } else {
            v = readInt64LE();
            if (Long.compareUnsigned(v, 0xffffffffL) <= 0) {
                throw new MalformedDataException("non-canonical varint " + Long.toUnsignedString(v));
            }
        }
        return v;
    }

    private int readUInt16LE() {
        require(2, "uint16");
        int v = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
        position += 2;
        return v;
    }

    /**
     * Reads a varint count of items, each at least {@code minItemSize} bytes, and checks it against
     * {@code max} and against what the remaining input could hold. The result is safe to size a list by.
     */
    public int readCount(int max, int minItemSize, String what) {
        long n = readVarInt();
        if (n < 0 || n > max) {
            throw new MalformedDataException(what + " count " + Long.toUnsignedString(n) + " exceeds the limit of " + max);
        }
        if (n * minItemSize > remaining()) {
            throw new MalformedDataException("truncated: " + n + " " + what + " need at least " + n * minItemSize
                    + " bytes, " + remaining() + " left");
        }
        return (int) n;
    }

    public byte[] readBytes(int n) {
        require(n, "byte string");
        if (n == 0) {
            return EMPTY; // shared: a peer's many empty scripts cost no array each
        }
        byte[] out = Arrays.copyOfRange(data, position, position + n);
        position += n;
        return out;
    }

    /** Reads a varint length then that many bytes; the length must not exceed {@code maxLength}. */
    public byte[] readVarBytes(int maxLength) {
        long n = readVarInt();
        if (n < 0 || n > maxLength) {
            throw new MalformedDataException("byte string of " + Long.toUnsignedString(n) + " bytes exceeds " + maxLength);
        }
        return readBytes((int) n);
    }

    /** Reads a varint-prefixed string of at most {@code maxLength} bytes, decoded as UTF-8. */
    public String readVarString(int maxLength) {
        return new String(readVarBytes(maxLength), StandardCharsets.UTF_8);
    }

    public Hash readHash() {
        return Hash.adopt(readBytes(Hash.LENGTH));
    }

    public void skip(int n) {
        require(n, "skip");
        position += n;
    }

    /** Fails unless every byte has been consumed: a message with trailing bytes is malformed. */
    public void requireFullyRead(String what) {
        if (position != end) {
            throw new MalformedDataException(what + " has " + (end - position) + " unexpected trailing bytes");
        }
    }
}
