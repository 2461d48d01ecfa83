package dev.tributary.oplog.identity;

import java.util.HexFormat;

/** Lower-case hexadecimal ({@code base16} in multibase terms), the text of OrbitDB's keys and signatures. */
public final class Hex {
    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    /** Whether {@code text} is an even number of lower-case hex digits. */
    public static boolean isLowerHex(String text) {
        if ((text.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (digit(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes of lower-case hex {@code text}.
     *
     * @throws IllegalArgumentException if it is not an even number of lower-case hex digits
     */
    public static byte[] decode(String text) {
        byte[] bytes = decodeOrNull(text);
        if (bytes == null) {
            throw new IllegalArgumentException("not lower-case hex: '"
                    + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'");
        }
        return bytes;
    }

    /** The bytes of lower-case hex {@code text}, or null when it is not an even number of lower-case hex digits. */
    public static byte[] decodeOrNull(String text) {
        if ((text.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(text.charAt(2 * i));
            int lo = digit(text.charAt(2 * i + 1));
            if ((hi | lo) < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** The value of lower-case hex digit {@code c}, or -1. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
