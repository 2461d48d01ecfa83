package dev.tributary.records.verify;

import dev.tributary.records.Payload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 128-bit hash of one live row's content, the same whatever store holds it: SHA-256 over the key, then the
 * properties sorted by their names folded to lower case, each as name, and value or nil; its first 16 bytes as two
 * longs. The resource kind is left out (each endpoint names it its own way), as are the sync state (a row changed
 * behind the sync's back keeps its state) and tombstones (a deleted row is simply absent).
 *
 * <p>Wire form: 32 lower-case hex digits.
 *
 * @param key the row's key
 * @param high the first 8 bytes of the hash
 * @param low the next 8 bytes
 */
public record RowHash(String key, long high, long low) {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    });

    /** The hash of the live row {@code key} holding {@code payload}. */
    public static RowHash of(String key, Payload payload) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(key.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0x1e);
        List<String[]> props = new ArrayList<>(payload.properties().size());
        for (Map.Entry<String, String> e : payload.properties().entrySet()) {
            props.add(new String[] {e.getKey().toLowerCase(Locale.ROOT), e.getValue()});
        }
        props.sort((a, b) -> a[0].compareTo(b[0]));
        for (String[] p : props) {
            md.update(p[0].getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x1f);
            if (p[1] == null) {
                md.update((byte) 0);
            } else {
                md.update((byte) 1);
                md.update(p[1].getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 0x1e);
        }
        byte[] h = md.digest();
        return new RowHash(key, longAt(h, 0), longAt(h, 8));
    }

    /** A row hash read from the wire: {@code hex} is 32 hex digits. */
    public static RowHash parse(String key, String hex) {
        long[] both = Hex.twoLongs(hex);
        return new RowHash(key, both[0], both[1]);
    }

    /** The 32 hex digits of the hash. */
    public String hex() {
        return Hex.of(high, low);
    }

    /** Whether this row's content equals {@code other}'s (same key and hash). */
    public boolean sameAs(RowHash other) {
        return key.equals(other.key) && high == other.high && low == other.low;
    }

    private static long longAt(byte[] b, int at) {
        long out = 0;
        for (int i = 0; i < 8; i++) {
            out = out << 8 | (b[at + i] & 0xff);
        }
        return out;
    }
}
