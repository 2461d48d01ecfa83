package dev.tributary.oplog.cid;

import java.util.Arrays;

/**
 * Base58 with Bitcoin's alphabet ({@code base58btc} in multibase terms): the text of CIDs ({@code z...} for CIDv1,
 * {@code Qm...} for CIDv0). Leading zero bytes become leading {@code 1}s and back.
 */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEX = new int[128];

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
        byte[] input = Arrays.copyOf(data, data.length);
        char[] out = new char[data.length * 2];
        int outStart = out.length;
        int start = zeros;
        while (start < input.length) {
            out[--outStart] = ALPHABET[divmod(input, start, 256, 58)];
            if (input[start] == 0) {
                start++;
            }
        }
        while (outStart < out.length && out[outStart] == ALPHABET[0]) {
            outStart++;
        }
        while (--zeros >= 0) {
            out[--outStart] = ALPHABET[0];
        }
        return new String(out, outStart, out.length - outStart);
    }

    /**
     * The bytes of base58btc {@code text} (without a multibase prefix).
     *
     * @throws IllegalArgumentException naming the first character outside the alphabet and its position
     */
    public static byte[] decode(String text) {
        if (text.isEmpty()) {
            return new byte[0];
        }
        byte[] input58 = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? INDEX[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("'" + c + "' at position " + i + " is not a base58btc character");
            }
            input58[i] = (byte) digit;
        }
        int zeros = 0;
        while (zeros < input58.length && input58[zeros] == 0) {
            zeros++;
        }
        byte[] decoded = new byte[text.length()];
        int outStart = decoded.length;
        int start = zeros;
        while (start < input58.length) {
            decoded[--outStart] = (byte) divmod(input58, start, 58, 256);
            if (input58[start] == 0) {
                start++;
            }
        }
        while (outStart < decoded.length && decoded[outStart] == 0) {
            outStart++;
        }
        return Arrays.copyOfRange(decoded, outStart - zeros, decoded.length);
    }

    /** Divides the big number {@code number[first..]} (digits in {@code base}) by {@code divisor} in place. */
    private static int divmod(byte[] number, int first, int base, int divisor) {
        int remainder = 0;
        for (int i = first; i < number.length; i++) {
            int digit = number[i] & 0xFF;
            int temp = remainder * base + digit;
            number[i] = (byte) (temp / divisor);
            remainder = temp % divisor;
        }
        return remainder;
    }
}
