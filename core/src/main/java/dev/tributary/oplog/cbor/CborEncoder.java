package dev.tributary.oplog.cbor;

import dev.tributary.oplog.cid.Cid;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The canonical dag-cbor writer: shortest heads, definite lengths, map keys length-first then bytewise. */
final class CborEncoder {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private byte[] out = new byte[128];
    private int size;

    byte[] encode(Object value) {
        write(value, 0);
        return Arrays.copyOf(out, size);
    }

    private void write(Object value, int depth) {
        if (depth > DagCbor.MAX_DEPTH) {
            throw new IllegalArgumentException("the value nests deeper than " + DagCbor.MAX_DEPTH + " levels");
        }
        if (value == null) {
            put(0xF6);
        } else if (value instanceof Boolean b) {
            put(b ? 0xF5 : 0xF4);
        } else if (value instanceof String s) {
            byte[] utf8 = utf8(s);
            head(3, utf8.length);
            put(utf8);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            if (v >= 0) {
                head(0, v);
            } else {
                head(1, -1 - v);
            }
        } else if (value instanceof BigInteger big) {
            bigInteger(big);
        } else if (value instanceof byte[] bytes) {
            head(2, bytes.length);
            put(bytes);
        } else if (value instanceof Cid cid) {
            byte[] binary = cid.bytes();
            head(6, 42);
            head(2, binary.length + 1L);
            put(0);
            put(binary);
        } else if (value instanceof Map<?, ?> map) {
            map(map, depth);
        } else if (value instanceof Collection<?> list) {
            head(4, list.size());
            for (Object item : list) {
                write(item, depth + 1);
            }
        } else if (value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException("floating-point numbers are not written (" + value
                    + "): Tributary's dag-cbor has integers only");
        } else {
            throw new IllegalArgumentException(CborDecoder.withArticle(value.getClass().getSimpleName())
                    + " has no dag-cbor form (use maps, lists, strings, integers, byte arrays, booleans, null or CIDs)");
        }
    }

    private void bigInteger(BigInteger big) {
        if (big.signum() >= 0) {
            if (big.compareTo(TWO_64) >= 0) {
                throw new IllegalArgumentException("integer " + big + " is beyond CBOR's 64-bit range");
            }
            head(0, big.longValue());
        } else {
            BigInteger arg = big.negate().subtract(BigInteger.ONE);
            if (arg.compareTo(TWO_64) >= 0) {
                throw new IllegalArgumentException("integer " + big + " is beyond CBOR's 64-bit range");
            }
            head(1, arg.longValue());
        }
    }

    private void map(Map<?, ?> map, int depth) {
        List<byte[]> keys = new ArrayList<>(map.size());
        List<Object> values = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map key " + e.getKey() + " is not a string (dag-cbor keys are strings)");
            }
            keys.add(utf8(key));
            values.add(e.getValue());
        }
        Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compareKeys(keys.get(a), keys.get(b)));
        head(5, order.length);
        for (int i : order) {
            byte[] key = keys.get(i);
            head(3, key.length);
            put(key);
            write(values.get(i), depth + 1);
        }
    }

    /** Length-first, then bytewise (unsigned): the order of their encodings, as dag-cbor requires. */
    static int compareKeys(byte[] a, byte[] b) {
        return a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(b.array(), b.position(), b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a string with an unpaired surrogate has no UTF-8 form", e);
        }
    }

    /** The shortest head of major type {@code major} with unsigned argument {@code arg}. */
    private void head(int major, long arg) {
        int m = major << 5;
        if (arg >= 0 && arg < 24) {
            put(m | (int) arg);
        } else if (arg >= 0 && arg < 0x100) {
            put(m | 24);
            put((int) arg);
        } else if (arg >= 0 && arg < 0x10000) {
            put(m | 25);
            put((int) (arg >>> 8));
            put((int) arg & 0xFF);
        } else if (arg >= 0 && arg < 0x1_0000_0000L) {
            put(m | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                put((int) (arg >>> shift) & 0xFF);
            }
        } else {
            put(m | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                put((int) (arg >>> shift) & 0xFF);
            }
        }
    }

    private void put(int b) {
        ensure(1);
        out[size++] = (byte) b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (out.length - size < more) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
