package dev.tributary.oplog.cbor;

import dev.tributary.oplog.cbor.NonCanonicalCborException.Rule;
import dev.tributary.oplog.cid.Cid;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict dag-cbor reader: one pass over the input, every rule of {@link Rule} checked where the item starts.
 * Allocation is bounded by the input: a length is checked against the bytes that remain before anything is
 * allocated for it, and nesting is bounded by {@link DagCbor#MAX_DEPTH}.
 */
final class CborDecoder {
    private final byte[] in;
    private int pos;

    CborDecoder(byte[] in) {
        this.in = in;
    }

    Object decodeWhole() {
        if (in.length == 0) {
            throw new NonCanonicalCborException(Rule.TRUNCATED, 0, "no value: the input is empty");
        }
        Object value = read(0);
        if (pos != in.length) {
            throw new NonCanonicalCborException(Rule.TRAILING_BYTES, pos,
                    (in.length - pos) + " trailing byte" + (in.length - pos == 1 ? "" : "s") + " after the value");
        }
        return value;
    }

    private Object read(int depth) {
        if (depth > DagCbor.MAX_DEPTH) {
            throw new NonCanonicalCborException(Rule.TOO_DEEP, pos, "nesting deeper than " + DagCbor.MAX_DEPTH);
        }
        int start = pos;
        int initial = u8(start);
        int major = initial >>> 5;
        int info = initial & 0x1F;
        if (major == 7) {
            return simple(info, start);
        }
        if (info == 31) {
            if (major >= 2 && major <= 5) {
                throw new NonCanonicalCborException(Rule.INDEFINITE_LENGTH, start,
                        "indefinite-length " + kind(major));
            }
            throw new NonCanonicalCborException(Rule.MALFORMED, start, "indefinite length on " + kind(major));
        }
        if (info >= 28) {
            throw new NonCanonicalCborException(Rule.MALFORMED, start, "reserved additional information " + info);
        }
        long arg = argument(info, start, major);
        switch (major) {
            case 0:
                return arg >= 0 ? (Object) arg : unsigned(arg);
            case 1:
                return arg >= 0 ? (Object) (-1 - arg) : unsigned(arg).negate().subtract(BigInteger.ONE);
            case 2:
                return bytes(length(arg, 1, start, "byte string"));
            case 3:
                return text(length(arg, 1, start, "text string"), start);
            case 4:
                return array(length(arg, 1, start, "array"), depth);
            case 5:
                return map(length(arg, 2, start, "map"), depth);
            default:
                return link(arg, start, depth);
        }
    }

    private Object simple(int info, int start) {
        switch (info) {
            case 20:
                return Boolean.FALSE;
            case 21:
                return Boolean.TRUE;
            case 22:
                return null;
            case 23:
                throw new NonCanonicalCborException(Rule.SIMPLE_VALUE, start, "undefined (not in dag-cbor)");
            case 25:
            case 26:
            case 27:
                throw new NonCanonicalCborException(Rule.FLOAT, start,
                        "floating-point number of " + (1 << (info - 24)) + " bytes (floats are not accepted)");
            case 31:
                throw new NonCanonicalCborException(Rule.MALFORMED, start, "break outside an indefinite-length item");
            default:
                if (info >= 28) {
                    throw new NonCanonicalCborException(Rule.MALFORMED, start, "reserved additional information " + info);
                }
                throw new NonCanonicalCborException(Rule.SIMPLE_VALUE, start,
                        "simple value " + (info == 24 ? "in one byte" : String.valueOf(info)) + " (not in dag-cbor)");
        }
    }

    /** The argument of the head at {@code start}, as an unsigned 64-bit value; checks the shortest form. */
    private long argument(int info, int start, int major) {
        pos = start + 1;
        if (info < 24) {
            return info;
        }
        int size = 1 << (info - 24);
        need(size, start, kind(major));
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (in[pos++] & 0xFF);
        }
        long smallest = size == 1 ? 24 : size == 2 ? 0x100 : size == 4 ? 0x10000 : 0x1_0000_0000L;
        if (Long.compareUnsigned(v, smallest) < 0) {
            String what = major <= 1 ? "integer" : major == 6 ? "tag" : "length of " + kind(major);
            throw new NonCanonicalCborException(Rule.INTEGER_WIDTH, start,
                    what + " " + Long.toUnsignedString(v) + " written in " + byteCount(size)
                            + ", not its shortest form");
        }
        return v;
    }

    private int length(long arg, int minItemSize, int start, String kind) {
        long remaining = in.length - pos;
        if (arg < 0 || arg > remaining / minItemSize) {
            throw new NonCanonicalCborException(Rule.TRUNCATED, start,
                    kind + " of length " + Long.toUnsignedString(arg) + " longer than the " + byteCount(remaining)
                            + " that remain" + (remaining == 1 ? "s" : ""));
        }
        return (int) arg;
    }

    /** {@code 1 byte}, {@code 4 bytes}. */
    private static String byteCount(long n) {
        return n + (n == 1 ? " byte" : " bytes");
    }

    private byte[] bytes(int length) {
        byte[] b = Arrays.copyOfRange(in, pos, pos + length);
        pos += length;
        return b;
    }

    private String text(int length, int start) {
        if (isAscii(in, pos, length)) { // the common case (CIDs, keys, hex): valid UTF-8 as it stands
            String s = new String(in, pos, length, StandardCharsets.US_ASCII);
            pos += length;
            return s;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in, pos, length)).toString();
            pos += length;
            return s;
        } catch (CharacterCodingException e) {
            throw new NonCanonicalCborException(Rule.INVALID_UTF8, start, "text string that is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] bytes, int from, int length) {
        for (int i = from, end = from + length; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private List<Object> array(int length, int depth) {
        List<Object> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            list.add(read(depth + 1));
        }
        return Collections.unmodifiableList(list);
    }

    private Map<String, Object> map(int length, int depth) {
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, length * 2));
        int previousStart = -1;
        int previousLength = 0;
        for (int i = 0; i < length; i++) {
            int keyStart = pos;
            if (keyStart >= in.length) {
                need(1, keyStart, "map key");
            }
            if ((in[keyStart] & 0xFF) >>> 5 != 3) {
                throw new NonCanonicalCborException(Rule.MAP_KEY_TYPE, keyStart,
                        "map key that is " + withArticle(kind((in[keyStart] & 0xFF) >>> 5)) + ", not a text string");
            }
            String key = knownKey(keyStart);
            if (key == null) {
                key = (String) read(depth + 1);
            }
            int keyLength = pos - keyStart;
            if (previousStart >= 0) {
                int order = compareKeys(previousStart, previousLength, keyStart, keyLength);
                if (order == 0) {
                    throw new NonCanonicalCborException(Rule.DUPLICATE_KEY, keyStart, "duplicate map key \"" + key + "\"");
                }
                if (order > 0) {
                    throw new NonCanonicalCborException(Rule.KEY_ORDER, keyStart,
                            "map keys out of canonical order (\"" + key + "\" after a key that sorts after it)");
                }
            }
            previousStart = keyStart;
            previousLength = keyLength;
            map.put(key, read(depth + 1));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Map keys that OrbitDB's blocks repeat in every entry, manifest and identity: returned as these constants
     * instead of a new string each time (an entry has eleven keys).
     */
    private static final String[] KNOWN_KEYS = {"v", "id", "key", "sig", "next", "refs", "time", "clock", "payload",
        "identity", "op", "value", "type", "name", "meta", "publicKey", "signatures", "accessController", "write"};
    /** The known keys by their length (all under 24 characters, so their head is one byte). */
    private static final String[][] KNOWN_BY_LENGTH = new String[24][];

    static {
        for (int length = 0; length < 24; length++) {
            int l = length;
            KNOWN_BY_LENGTH[length] = Arrays.stream(KNOWN_KEYS).filter(k -> k.length() == l).toArray(String[]::new);
        }
    }

    /**
     * The known key encoded at {@code start} (a short text string head, then the ASCII of one of
     * {@link #KNOWN_KEYS}), the position moved past it; null, the position unmoved, for any other key.
     */
    private String knownKey(int start) {
        int info = in[start] & 0x1F;
        if (info >= 24 || start + 1 + info > in.length) {
            return null;
        }
        for (String known : KNOWN_BY_LENGTH[info]) {
            if (CanonicalMaps.asciiEquals(in, start + 1, info, known)) {
                pos = start + 1 + info;
                return known;
            }
        }
        return null;
    }

    /** Canonical order of two encoded keys: shorter first, then bytewise (unsigned). */
    private int compareKeys(int aStart, int aLength, int bStart, int bLength) {
        if (aLength != bLength) {
            return Integer.compare(aLength, bLength);
        }
        return Arrays.compareUnsigned(in, aStart, aStart + aLength, in, bStart, bStart + bLength);
    }

    private Cid link(long tag, int start, int depth) {
        if (tag != 42) {
            throw new NonCanonicalCborException(Rule.TAG, start,
                    "tag " + Long.toUnsignedString(tag) + " (dag-cbor allows only tag 42, a CID)");
        }
        int contentStart = pos;
        if (contentStart >= in.length || (in[contentStart] & 0xFF) >>> 5 != 2) {
            if (contentStart >= in.length) {
                need(1, contentStart, "CID");
            }
            throw new NonCanonicalCborException(Rule.BAD_LINK, contentStart, "tag 42 on something other than a byte string");
        }
        byte[] content = (byte[]) read(depth + 1);
        if (content.length == 0 || content[0] != 0) {
            throw new NonCanonicalCborException(Rule.BAD_LINK, contentStart,
                    "CID in tag 42 without its leading 0x00 (identity multibase) byte");
        }
        try {
            return Cid.fromBytes(Arrays.copyOfRange(content, 1, content.length));
        } catch (IllegalArgumentException e) {
            throw new NonCanonicalCborException(Rule.BAD_LINK, contentStart, "invalid CID in tag 42 (" + e.getMessage() + ")");
        }
    }

    private int u8(int at) {
        need(1, at, "value");
        return in[pos++] & 0xFF;
    }

    private void need(int count, int start, String what) {
        if (in.length - pos < count) {
            throw new NonCanonicalCborException(Rule.TRUNCATED, start, "input ends inside " + withArticle(what));
        }
    }

    /** {@code noun} after "a" or "an", as its first letter has it: "an unsigned integer", "an array", "a map". */
    static String withArticle(String noun) {
        return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static String kind(int major) {
        switch (major) {
            case 0:
                return "unsigned integer";
            case 1:
                return "negative integer";
            case 2:
                return "byte string";
            case 3:
                return "text string";
            case 4:
                return "array";
            case 5:
                return "map";
            case 6:
                return "tag";
            default:
                return "simple value";
        }
    }
}
