package dev.tributary.dag;

import java.io.ByteArrayOutputStream;

/**
 * The coinbase scriptSig of a dagtest block: the block height pushed first, as BIP 34 requires in
 * Bitcoin ({@code CScript() << height}: OP_0 for 0, OP_1..OP_16, else the minimal {@code CScriptNum}
 * push), then an optional payload as one push, or OP_0 when there is none so the script has the two bytes
 * Bitcoin's {@code CheckTransaction} demands.
 */
final class CoinbaseScript {
    static final int OP_0 = 0x00;
    static final int OP_1 = 0x51;
    static final int OP_PUSHDATA1 = 0x4c;
    /** Bitcoin's bounds on a coinbase scriptSig ("bad-cb-length"). */
    static final int MIN_LENGTH = 2;
    static final int MAX_LENGTH = 100;

    private CoinbaseScript() {
    }

    /** The height push that must start the scriptSig of a coinbase at {@code height}. */
    static byte[] heightPrefix(int height) {
        if (height == 0) {
            return new byte[] {OP_0};
        }
        if (height <= 16) {
            return new byte[] {(byte) (OP_1 + height - 1)};
        }
        byte[] num = scriptNum(height);
        byte[] out = new byte[num.length + 1];
        out[0] = (byte) num.length;
        System.arraycopy(num, 0, out, 1, num.length);
        return out;
    }

    /**
     * The height push then {@code payload} as one push (OP_0 when empty).
     *
     * @throws IllegalArgumentException when the script would exceed {@link #MAX_LENGTH} bytes
     */
    static byte[] scriptSig(int height, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(heightPrefix(height));
        if (payload.length == 0) {
            out.write(OP_0);
        } else if (payload.length < OP_PUSHDATA1) {
            out.write(payload.length);
            out.writeBytes(payload);
        } else if (payload.length <= 0xff) {
            out.write(OP_PUSHDATA1);
            out.write(payload.length);
            out.writeBytes(payload);
        } else {
            throw new IllegalArgumentException("coinbase payload of " + payload.length + " bytes is too large");
        }
        if (out.size() > MAX_LENGTH) {
            throw new IllegalArgumentException("coinbase scriptSig of " + out.size() + " bytes exceeds " + MAX_LENGTH);
        }
        return out.toByteArray();
    }

    /** Whether {@code scriptSig} starts with the push of {@code height}. */
    static boolean startsWithHeight(byte[] scriptSig, int height) {
        byte[] prefix = heightPrefix(height);
        if (scriptSig.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (scriptSig[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code CScriptNum::serialize} of a positive number: little-endian, a zero byte added if the top bit is set. */
    private static byte[] scriptNum(long value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long v = value;
        while (v != 0) {
            b.write((int) (v & 0xff));
            v >>>= 8;
        }
        byte[] r = b.toByteArray();
        if ((r[r.length - 1] & 0x80) != 0) {
            b.write(0);
            return b.toByteArray();
        }
        return r;
    }
}
