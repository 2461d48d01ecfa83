package dev.tributary.oplog.store;

import dev.tributary.oplog.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An entry's place in OrbitDB's total order, encoded so that unsigned byte order is the order in which
 * OrbitDB traverses a log: newest first.
 *
 * <p>OrbitDB 4 ({@code src/oplog/conflict-resolution.js}, {@code LastWriteWins} under {@code NoZeroes}) orders
 * entries by clock time, then by clock id (JavaScript string order, the greater id later), and its traversal
 * pops the greatest entry first. Tributary adds the CID as the last tie-breaker: OrbitDB leaves two entries with
 * the same clock time and id in whatever order its stable sort found them, which only a writer that forked its
 * own log can cause; the CID makes the order total and the same on every replica.
 *
 * <p>Layout, each part complemented (every byte XOR 0xff) so that an ascending scan is descending in the order:
 * <pre>
 *   ~time (8 bytes, big-endian; time &gt;= 0)
 *   ~clock id (its ASCII bytes, none of them 0x00), then 0xff as terminator
 *   ~CID (binary CID bytes, to the end of the key)
 * </pre>
 * The terminator makes a clock id that is a prefix of another come after it, as JavaScript's {@code <} on strings
 * does in descending order. Clock ids are ASCII (the writers' public keys in hex, verified at join), so byte order
 * and JavaScript's UTF-16 order agree.
 */
public record OrderKey(long time, String clockId, Cid cid) implements Comparable<OrderKey> {
    public OrderKey {
        Objects.requireNonNull(clockId, "clockId");
        Objects.requireNonNull(cid, "cid");
        if (time < 0) {
            throw new IllegalArgumentException("a clock time is never negative, got " + time);
        }
        if (!isAsciiWithoutNul(clockId)) {
            throw new IllegalArgumentException("a clock id is a non-empty ASCII text without NUL characters");
        }
    }

    private static boolean isAsciiWithoutNul(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The key bytes (see the class comment). */
    public byte[] encode() {
        byte[] id = clockId.getBytes(StandardCharsets.US_ASCII);
        byte[] c = cid.bytes();
        byte[] out = new byte[8 + id.length + 1 + c.length];
        long t = ~time;
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (t >>> (56 - 8 * i));
        }
        int at = 8;
        for (byte b : id) {
            out[at++] = (byte) ~b;
        }
        out[at++] = (byte) 0xff;
        for (byte b : c) {
            out[at++] = (byte) ~b;
        }
        return out;
    }

    /**
     * The key bytes in ascending log order (oldest first), for the staging area of a join, which is applied
     * parents first: time, clock id, 0x00, CID, none complemented.
     */
    public byte[] encodeAscending() {
        byte[] id = clockId.getBytes(StandardCharsets.US_ASCII);
        byte[] c = cid.bytes();
        byte[] out = new byte[8 + id.length + 1 + c.length];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (time >>> (56 - 8 * i));
        }
        System.arraycopy(id, 0, out, 8, id.length);
        System.arraycopy(c, 0, out, 8 + id.length + 1, c.length);
        return out;
    }

    /** Reads a key written by {@link #encodeAscending()} from {@code bytes[from..]}. */
    public static OrderKey decodeAscending(byte[] bytes, int from) {
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = (t << 8) | (bytes[from + i] & 0xff);
        }
        int end = from + 8;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        if (end == bytes.length) {
            throw new IllegalArgumentException("an ascending order key's clock id has no terminator");
        }
        String id = new String(bytes, from + 8, end - from - 8, StandardCharsets.US_ASCII);
        return new OrderKey(t, id, Cid.fromBytes(Arrays.copyOfRange(bytes, end + 1, bytes.length)));
    }

    /** Reads a key written by {@link #encode()} from {@code bytes[from..]}. */
    public static OrderKey decode(byte[] bytes, int from) {
        if (bytes.length - from < 10) {
            throw new IllegalArgumentException("an order key has at least 10 bytes, got " + (bytes.length - from));
        }
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = (t << 8) | (bytes[from + i] & 0xff);
        }
        int at = from + 8;
        int end = at;
        while (end < bytes.length && bytes[end] != (byte) 0xff) {
            end++;
        }
        if (end == bytes.length) {
            throw new IllegalArgumentException("an order key's clock id has no terminator");
        }
        byte[] id = new byte[end - at];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) ~bytes[at + i];
        }
        byte[] c = new byte[bytes.length - end - 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) ~bytes[end + 1 + i];
        }
        return new OrderKey(~t, new String(id, StandardCharsets.US_ASCII), Cid.fromBytes(c));
    }

    /** Reads a whole array as a key. */
    public static OrderKey decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    /** The first key of a given clock time: every key of that time or older is at or after it. */
    public static byte[] startOfTime(long time) {
        byte[] out = new byte[8];
        long t = ~time;
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (t >>> (56 - 8 * i));
        }
        return out;
    }

    /**
     * OrbitDB's order, oldest first: time, then clock id, then (Tributary's tie-break) CID. A negative result
     * means {@code this} comes before {@code other} in the log; a traversal meets it after.
     */
    @Override
    public int compareTo(OrderKey other) {
        int c = Long.compare(time, other.time);
        if (c == 0) {
            c = clockId.compareTo(other.clockId);
        }
        if (c == 0) {
            c = Arrays.compareUnsigned(cid.bytes(), other.cid.bytes());
        }
        return c;
    }
}
