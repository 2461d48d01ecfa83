package dev.tributary.oplog.cbor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Edits of a canonical dag-cbor map done on its bytes, without decoding and encoding its values again. Removing
 * keys from a canonical map leaves the others in canonical order, so the result is exactly what encoding the
 * decoded map without those keys would write, at the cost of a copy.
 */
final class CanonicalMaps {
    private CanonicalMaps() {
    }

    /** See {@link DagCbor#mapWithout}. */
    static byte[] without(byte[] map, Set<String> keys) {
        Kept kept = kept(map, keys);
        byte[] out = new byte[kept.head.length + kept.bytes];
        System.arraycopy(kept.head, 0, out, 0, kept.head.length);
        int at = kept.head.length;
        for (int k = 0; k < kept.count; k++) {
            int len = kept.spans[2 * k + 1] - kept.spans[2 * k];
            System.arraycopy(map, kept.spans[2 * k], out, at, len);
            at += len;
        }
        return out;
    }

    /** See {@link DagCbor#sha256OfMapWithout}. */
    static byte[] sha256Without(byte[] map, Set<String> keys) {
        Kept kept = kept(map, keys);
        MessageDigest d = SHA256.get();
        d.reset();
        d.update(kept.head);
        for (int k = 0; k < kept.count; k++) {
            d.update(map, kept.spans[2 * k], kept.spans[2 * k + 1] - kept.spans[2 * k]);
        }
        return d.digest();
    }

    /** A SHA-256 per thread (this layer depends on no other of Tributary's but CIDs). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    });

    /**
     * The entries of a map that stay: their spans ({@code [start, end)} pairs in {@code spans}, {@code count} of
     * them, {@code bytes} in all) and the head of a map of that many entries.
     */
    private record Kept(byte[] head, int[] spans, int count, int bytes) {
    }

    private static Kept kept(byte[] map, Set<String> keys) {
        int major = (map[0] & 0xff) >>> 5;
        if (major != 5) {
            throw new IllegalArgumentException("not a map: the initial byte has major type " + major);
        }
        long[] head = head(map, 0);
        long count = head[0];
        int pos = (int) head[1];
        int[] spans = new int[(int) Math.min(count, map.length) * 2];
        int kept = 0;
        int keptBytes = 0;
        for (long i = 0; i < count; i++) {
            if (((map[pos] & 0xff) >>> 5) != 3) {
                throw new IllegalArgumentException("a key at offset " + pos + " is not a text string");
            }
            long[] keyHead = head(map, pos);
            int textStart = (int) keyHead[1];
            int textLength = Math.toIntExact(keyHead[0]);
            int valueStart = Math.addExact(textStart, textLength);
            int end = end(map, valueStart, 0);
            if (!isOneOf(map, textStart, textLength, keys)) {
                spans[2 * kept] = pos;
                spans[2 * kept + 1] = end;
                kept++;
                keptBytes += end - pos;
            }
            pos = end;
        }
        if (pos != map.length) {
            throw new IllegalArgumentException("trailing bytes after the map at offset " + pos);
        }
        return new Kept(mapHead(kept), spans, kept, keptBytes);
    }

    /** Whether the UTF-8 text {@code map[start, start + length)} is one of {@code keys}, compared without a copy. */
    private static boolean isOneOf(byte[] map, int start, int length, Set<String> keys) {
        for (String k : keys) {
            if (asciiEquals(map, start, length, k)) {
                return true;
            }
            // a key with characters beyond ASCII has more UTF-8 bytes than characters: compared as text
            if (length > k.length() && !isAscii(k)
                    && k.equals(new String(map, start, length, StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code bytes[start, start + length)} is the ASCII of {@code text}. A text with characters beyond ASCII
     * never is: no byte equals such a character.
     */
    static boolean asciiEquals(byte[] bytes, int start, int length, String text) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The head of a map of {@code entries} entries, in its shortest form. */
    private static byte[] mapHead(int entries) {
        int headSize = entries < 24 ? 1 : entries < 0x100 ? 2 : entries < 0x10000 ? 3 : 5;
        byte[] out = new byte[headSize];
        if (headSize == 1) {
            out[0] = (byte) (0xa0 | entries);
        } else {
            out[0] = (byte) (0xa0 | (headSize == 2 ? 24 : headSize == 3 ? 25 : 26));
            for (int b = 1; b < headSize; b++) {
                out[b] = (byte) (entries >>> 8 * (headSize - 1 - b));
            }
        }
        return out;
    }

    /** The offset just past the item starting at {@code pos}. */
    private static int end(byte[] in, int pos, int depth) {
        if (depth > DagCbor.MAX_DEPTH) {
            throw new IllegalArgumentException("nesting deeper than " + DagCbor.MAX_DEPTH);
        }
        int major = (in[pos] & 0xff) >>> 5;
        long[] head = head(in, pos);
        int next = (int) head[1];
        return switch (major) {
            case 0, 1, 7 -> next;
            case 2, 3 -> Math.addExact(next, Math.toIntExact(head[0]));
            case 4 -> {
                for (long i = 0; i < head[0]; i++) {
                    next = end(in, next, depth + 1);
                }
                yield next;
            }
            case 5 -> {
                for (long i = 0; i < 2 * head[0]; i++) {
                    next = end(in, next, depth + 1);
                }
                yield next;
            }
            default -> end(in, next, depth + 1); // 6: a tag, then its content
        };
    }

    /** The argument of the head at {@code pos} and the offset after the head. */
    private static long[] head(byte[] in, int pos) {
        int info = in[pos] & 0x1f;
        int size = info < 24 ? 0 : info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : -1;
        if (size < 0) {
            throw new IllegalArgumentException("indefinite or reserved length at offset " + pos);
        }
        if (pos + 1 + size > in.length) {
            throw new IllegalArgumentException("the item at offset " + pos + " runs past the end");
        }
        long arg = size == 0 ? info : 0;
        for (int i = 0; i < size; i++) {
            arg = arg << 8 | in[pos + 1 + i] & 0xff;
        }
        return new long[] {arg, pos + 1 + size};
    }
}
