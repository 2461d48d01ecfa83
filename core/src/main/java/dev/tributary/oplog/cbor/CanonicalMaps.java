package dev.tributary.oplog.cbor;

import java.nio.charset.StandardCharsets;
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
            int valueStart = Math.addExact(textStart, Math.toIntExact(keyHead[0]));
            int end = end(map, valueStart, 0);
            if (!keys.contains(new String(map, textStart, (int) keyHead[0], StandardCharsets.UTF_8))) {
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
        int headSize = kept < 24 ? 1 : kept < 0x100 ? 2 : kept < 0x10000 ? 3 : 5;
        byte[] out = new byte[headSize + keptBytes];
        if (headSize == 1) {
            out[0] = (byte) (0xa0 | kept);
        } else {
            out[0] = (byte) (0xa0 | (headSize == 2 ? 24 : headSize == 3 ? 25 : 26));
            for (int b = 1; b < headSize; b++) {
                out[b] = (byte) (kept >>> 8 * (headSize - 1 - b));
            }
        }
        int at = headSize;
        for (int k = 0; k < kept; k++) {
            int len = spans[2 * k + 1] - spans[2 * k];
            System.arraycopy(map, spans[2 * k], out, at, len);
            at += len;
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
