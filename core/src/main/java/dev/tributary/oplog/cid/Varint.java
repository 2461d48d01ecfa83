package dev.tributary.oplog.cid;

/** Unsigned LEB128 varints as multiformats writes them (minimal, at most 9 bytes, values below 2^63). */
final class Varint {
    private Varint() {
    }

    static int length(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    static int write(long value, byte[] out, int offset) {
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    /**
     * Reads the varint at {@code pos[0]}, advancing it.
     *
     * @throws IllegalArgumentException if it runs past the end, is longer than 9 bytes or not minimal
     */
    static long read(byte[] in, int[] pos, String what) {
        long value = 0;
        int shift = 0;
        int start = pos[0];
        while (true) {
            if (pos[0] >= in.length) {
                throw new IllegalArgumentException(what + " is cut short");
            }
            int b = in[pos[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && pos[0] - start > 1) {
                    throw new IllegalArgumentException(what + " is not a minimal varint");
                }
                return value;
            }
            shift += 7;
            if (pos[0] - start >= 9) {
                throw new IllegalArgumentException(what + " is longer than 9 bytes");
            }
        }
    }
}
