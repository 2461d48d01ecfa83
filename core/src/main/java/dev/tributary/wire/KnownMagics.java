package dev.tributary.wire;

import java.util.Map;

/**
 * The message-start bytes ("magic") of the networks a Bitcoin-style peer may speak, read as a little-endian int32
 * as {@link BitcoinFraming} keeps them: to name the network of a peer whose messages carry another magic than
 * ours ({@code magic fabfb5da (regtest's) is not this network's}). Tributary's own networks are checked against
 * their parameters by a test.
 */
public final class KnownMagics {
    private static final Map<Integer, String> NAMES = Map.of(
            0xd9b4bef9, "mainnet",
            0x0709110b, "testnet3",
            0x283f161c, "testnet4",
            0x40cf030a, "signet",
            0xdab5bffa, "regtest",
            0xe5c7a9d6, "dagtest",
            0x62647274, "tribdb");

    private KnownMagics() {
    }

    /** Every known magic and its network's name. */
    public static Map<Integer, String> all() {
        return NAMES;
    }

    /**
     * {@code " (regtest's)"} for regtest's magic, and so on; for four printable ASCII characters no network uses,
     * what they read as ({@code " ("HTTP": text, not a node of this kind; an HTTP server?)"}); else "".
     */
    public static String owner(int magic) {
        String name = NAMES.get(magic);
        if (name != null) {
            return " (" + name + "'s)";
        }
        StringBuilder text = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = magic >>> 8 * i & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return "";
            }
            text.append((char) c);
        }
        String t = text.toString();
        boolean http = t.equals("HTTP") || t.startsWith("<") || t.equals("GET ") || t.equals("POST");
        return " (\"" + t + "\": text, not a node of this kind" + (http ? "; an HTTP server?" : "") + ")";
    }

    /** {@link #owner(int)} of the first four bytes of {@code prefix} (at least four). */
    public static String owner(byte[] prefix) {
        if (prefix.length < 4) {
            return "";
        }
        return owner((prefix[0] & 0xff) | (prefix[1] & 0xff) << 8 | (prefix[2] & 0xff) << 16 | (prefix[3] & 0xff) << 24);
    }
}
