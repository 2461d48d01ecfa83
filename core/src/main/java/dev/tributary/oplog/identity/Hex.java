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
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
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
        if (!isLowerHex(text)) {
            throw new IllegalArgumentException("not lower-case hex: '"
                    + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'");
        }
        return LOWER.parseHex(text);
    }
}
