package dev.tributary.chain;

import java.io.ByteArrayOutputStream;

/**
 * Builds the few Bitcoin scripts this package writes itself: genesis and coinbase scriptSigs, payout and
 * witness-commitment scripts. Pushes use the minimal encoding Bitcoin Core's {@code CScript::operator<<}
 * produces.
 */
final class ScriptWriter {
    static final int OP_0 = 0x00;
    static final int OP_PUSHDATA1 = 0x4c;
    static final int OP_PUSHDATA2 = 0x4d;
    static final int OP_1NEGATE = 0x4f;
    static final int OP_1 = 0x51;
    static final int OP_RETURN = 0x6a;
    static final int OP_CHECKSIG = 0xac;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ScriptWriter op(int opcode) {
        out.write(opcode);
        return this;
    }

    /** Pushes bytes with the shortest push opcode (direct length, OP_PUSHDATA1 or OP_PUSHDATA2). */
    ScriptWriter push(byte[] data) {
        if (data.length < OP_PUSHDATA1) {
            out.write(data.length);
        } else if (data.length <= 0xff) {
            out.write(OP_PUSHDATA1);
            out.write(data.length);
        } else if (data.length <= 0xffff) {
            out.write(OP_PUSHDATA2);
            out.write(data.length & 0xff);
            out.write(data.length >>> 8);
        } else {
            throw new IllegalArgumentException("push of " + data.length + " bytes is too large for a script");
        }
        out.writeBytes(data);
        return this;
    }

    /**
     * Pushes a number as {@code CScript() << n} does: OP_0, OP_1NEGATE and OP_1..OP_16 for the small values,
     * otherwise the minimal little-endian sign-magnitude encoding of {@code CScriptNum}. This is the form
     * BIP 34 requires for the block height at the start of a coinbase scriptSig.
     */
    ScriptWriter pushNumber(long n) {
        if (n == 0) {
            return op(OP_0);
        }
        if (n == -1 || (n >= 1 && n <= 16)) {
            return op(n == -1 ? OP_1NEGATE : OP_1 + (int) n - 1);
        }
        return push(scriptNum(n));
    }

    /** {@code CScriptNum::serialize}: little-endian magnitude, sign in the top bit of the last byte. */
    static byte[] scriptNum(long value) {
        if (value == 0) {
            return new byte[0];
        }
        boolean negative = value < 0;
        long abs = Math.abs(value);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (abs != 0) {
            b.write((int) (abs & 0xff));
            abs >>>= 8;
        }
        byte[] r = b.toByteArray();
        if ((r[r.length - 1] & 0x80) != 0) {
            byte[] extended = new byte[r.length + 1];
            System.arraycopy(r, 0, extended, 0, r.length);
            extended[r.length] = (byte) (negative ? 0x80 : 0x00);
            return extended;
        }
        if (negative) {
            r[r.length - 1] |= (byte) 0x80;
        }
        return r;
    }

    /** The number of bytes written so far. */
    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
