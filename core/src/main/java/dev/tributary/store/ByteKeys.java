package dev.tributary.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * How keys are ordered and how a prefix becomes a key range. Keys compare as unsigned byte strings,
 * lexicographically, a proper prefix before its extensions: {@code 7f < 80 < ff < ff00}. This is
 * RocksDB's default (bytewise, memcmp) order, and every {@link KeyValueStore} uses it.
 */
public final class ByteKeys {
    /** Unsigned lexicographic order over byte arrays. */
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private static final HexFormat HEX = HexFormat.of();

    private ByteKeys() {
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}: the prefix with its last
     * byte that is not {@code 0xff} incremented and what follows it dropped. {@code null} when there is
     * none, that is when the prefix is empty or all {@code 0xff}: then the range is unbounded above.
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    /** Lower-case hex of a key, for messages. */
    public static String hex(byte[] key) {
        return HEX.formatHex(key);
    }
}
