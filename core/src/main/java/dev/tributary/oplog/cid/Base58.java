package dev.tributary.oplog.cid;

import java.util.Arrays;

/**
 * Base58 with Bitcoin's alphabet ({@code base58btc} in multibase terms): the text of CIDs ({@code z...} for CIDv1,
 * {@code Qm...} for CIDv0). Leading zero bytes become leading {@code 1}s and back.
 *
 * <p>Works on 32-bit words, five base58 digits at a time (58^5 &lt; 2^32), so a CID of 36 bytes takes about ten
 * passes over nine words rather than a pass over its bytes per digit: CID text is on every entry's path.
 */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEX = new int[128];
    private static final long[] POWERS = {1, 58, 58 * 58, 58 * 58 * 58, 58L * 58 * 58 * 58, 58L * 58 * 58 * 58 * 58};
    private static final long FIVE_DIGITS = POWERS[5];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEX[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    /** The base58btc text of {@code data} (without a multibase prefix). */
    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        int n = data.length - zeros;
        int wordCount = (n + 3) / 4;
        int[] words = new int[wordCount];
        for (int i = 0; i < n; i++) {
            words[wordCount - 1 - i / 4] |= (data[data.length - 1 - i] & 0xFF) << (8 * (i % 4));
        }
        char[] out = new char[zeros + n * 138 / 100 + 6];
        int pos = out.length;
        int start = 0;
        while (start < wordCount) {
            long remainder = 0;
            for (int i = start; i < wordCount; i++) {
                long current = (remainder << 32) | (words[i] & 0xFFFF_FFFFL);
                words[i] = (int) (current / FIVE_DIGITS);
                remainder = current % FIVE_DIGITS;
            }
            while (start < wordCount && words[start] == 0) {
                start++;
            }
            for (int k = 0; k < 5; k++) {
                out[--pos] = ALPHABET[(int) (remainder % 58)];
                remainder /= 58;
            }
        }
        while (pos < out.length && out[pos] == ALPHABET[0]) {
            pos++;
        }
        for (int i = 0; i < zeros; i++) {
            out[--pos] = ALPHABET[0];
        }
        return new String(out, pos, out.length - pos);
    }

    /**
     * The bytes of base58btc {@code text} (without a multibase prefix).
     *
     * @throws IllegalArgumentException naming the first character outside the alphabet and its position
     */
    public static byte[] decode(String text) {
        int length = text.length();
        int zeros = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 128 || INDEX[c] < 0) {
                throw new IllegalArgumentException("'" + c + "' at position " + i + " is not a base58btc character");
            }
            if (zeros == i && c == ALPHABET[0]) {
                zeros++;
            }
        }
        int byteCapacity = (length - zeros) * 733 / 1000 + 1;
        int wordCount = (byteCapacity + 3) / 4 + 1;
        int[] words = new int[wordCount];
        for (int i = zeros; i < length; i += 5) {
            int group = Math.min(5, length - i);
            long add = 0;
            for (int k = 0; k < group; k++) {
                add = add * 58 + INDEX[text.charAt(i + k)];
            }
            long multiplier = POWERS[group];
            long carry = add;
            for (int j = wordCount - 1; j >= 0; j--) {
                long current = (words[j] & 0xFFFF_FFFFL) * multiplier + carry;
                words[j] = (int) current;
                carry = current >>> 32;
            }
        }
        byte[] bytes = new byte[wordCount * 4];
        for (int j = 0; j < wordCount; j++) {
            bytes[4 * j] = (byte) (words[j] >>> 24);
            bytes[4 * j + 1] = (byte) (words[j] >>> 16);
            bytes[4 * j + 2] = (byte) (words[j] >>> 8);
            bytes[4 * j + 3] = (byte) words[j];
        }
        int first = 0;
        while (first < bytes.length && bytes[first] == 0) {
            first++;
        }
        byte[] out = new byte[zeros + bytes.length - first];
        System.arraycopy(bytes, first, out, zeros, bytes.length - first);
        return out;
    }
}
