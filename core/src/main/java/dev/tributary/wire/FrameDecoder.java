package dev.tributary.wire;

import dev.tributary.bytes.Sha256;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.ToIntFunction;

/**
 * Splits a byte stream into frames (see {@link FrameCodec} for the layout), incrementally: feed it
 * whatever the socket delivered and it reports each complete frame or error to a {@link Sink}.
 *
 * <p>Memory is bounded by what the peer actually sent, never by what its header claims: the payload
 * buffer starts small and grows as bytes arrive, up to the declared length, itself capped by the limit.
 * After a fatal error (bad magic, oversized length) the decoder ignores all further input.
 *
 * <p>Not thread-safe: one decoder per connection, fed by that connection's reader.
 */
public final class FrameDecoder implements FrameReader {
    private static final int INITIAL_PAYLOAD_BUFFER = 64 * 1024;

    /** Receives what the decoder finds, in stream order. */
    public interface Sink {
        /** A frame whose magic, command, length and checksum are valid. */
        void onFrame(String command, byte[] payload);

        /** A frame that was skipped, or a fatal error after which nothing more is reported. */
        void onError(WireError error);
    }

    private final int magic;
    private final int maxPayload;
    private final ToIntFunction<String> commandLimit;
    private final byte[] header = new byte[FrameCodec.HEADER_SIZE];
    private int headerFill;
    private byte[] payload;
    private int payloadLength = -1;
    private int payloadFill;
    private String command;
    private boolean failed;

    public FrameDecoder(int magic, int maxPayload) {
        this(magic, maxPayload, command -> maxPayload);
    }

    /**
     * A decoder that also limits each command's payload, when the frame's header arrives and before any of the
     * payload is buffered ({@code MessageCodec::maxPayload}).
     *
     * @param maxPayload   the limit of every frame, whatever its command
     * @param commandLimit the limit of a command's payload (at most {@code maxPayload} applies either way)
     */
    public FrameDecoder(int magic, int maxPayload, ToIntFunction<String> commandLimit) {
        this.magic = magic;
        this.maxPayload = maxPayload;
        this.commandLimit = commandLimit;
    }

    public FrameDecoder(int magic) {
        this(magic, WireLimits.MAX_PAYLOAD);
    }

    /** True after a fatal error: the stream cannot be resynchronized and the connection should close. */
    @Override
    public boolean failed() {
        return failed;
    }

    /** Bytes buffered for the frame in progress: a bound on this decoder's memory. */
    @Override
    public int bufferedBytes() {
        return headerFill + payloadFill;
    }

    /**
     * The most this decoder's buffers can grow while it is fed {@code incoming} more bytes: the growth of the
     * frame in progress, and the first buffer of a frame that starts within them. A reader reserves this much
     * memory before it reads.
     */
    @Override
    public long maxGrowth(int incoming) {
        long growth = 2L * INITIAL_PAYLOAD_BUFFER;
        if (payloadLength >= 0 && payload != null) {
            long cap = payload.length;
            long need = payloadFill + (long) Math.min(incoming, payloadLength - payloadFill);
            long grown = cap;
            while (need > grown) {
                grown = Math.min(payloadLength, Math.max(need, 2 * grown));
            }
            growth += grown - cap;
        }
        return growth;
    }

    /**
     * The size of the payload buffer of the frame in progress (0 between frames): what this decoder holds. It
     * grows with what arrives, at most to twice the bytes buffered (or the first 64 KiB of the payload).
     */
    @Override
    public int bufferCapacity() {
        return payload == null ? 0 : payload.length;
    }

    @Override
    public void feed(byte[] data, int offset, int length, Sink sink) {
        int pos = offset;
        int end = offset + length;
        while (pos < end && !failed) {
            if (payloadLength < 0) {
                int n = Math.min(FrameCodec.HEADER_SIZE - headerFill, end - pos);
                System.arraycopy(data, pos, header, headerFill, n);
                headerFill += n;
                pos += n;
                if (headerFill == FrameCodec.HEADER_SIZE) {
                    startPayload(sink);
                }
            } else {
                int n = Math.min(payloadLength - payloadFill, end - pos);
                ensureCapacity(payloadFill + n);
                System.arraycopy(data, pos, payload, payloadFill, n);
                payloadFill += n;
                pos += n;
            }
            if (!failed && payloadLength >= 0 && payloadFill == payloadLength) {
                finishFrame(sink);
            }
        }
    }

    private void startPayload(FrameDecoder.Sink sink) {
        int m = readInt(header, 0);
        if (m != magic) {
            fail(sink, new WireError(WireError.Kind.BAD_MAGIC, "",
                    "magic " + HexFormat.of().formatHex(header, 0, 4) + KnownMagics.owner(m) + " is not this network's"));
            return;
        }
        command = FrameCodec.parseCommand(header, 4);
        long declared = readInt(header, 16) & 0xffffffffL;
        String name = command == null ? "" : command;
        if (declared > maxPayload) {
            fail(sink, new WireError(WireError.Kind.OVERSIZED, name,
                    "declared payload of " + declared + " bytes exceeds the limit of " + maxPayload));
            return;
        }
        if (command != null && commandLimit instanceof PayloadLimits p) {
            p.beforePayload(command, declared);
        }
        if (command != null && declared > commandLimit.applyAsInt(command)) {
            fail(sink, new WireError(WireError.Kind.OVERSIZED, name, "declared payload of " + declared
                    + " bytes exceeds the limit of " + commandLimit.applyAsInt(command) + " for " + command));
            return;
        }
        payloadLength = (int) declared;
        payloadFill = 0;
        payload = new byte[Math.min(payloadLength, INITIAL_PAYLOAD_BUFFER)];
    }

    private void ensureCapacity(int needed) {
        if (needed > payload.length) {
            // grows by four: a 162 KB headers message starting from 64 KB is copied once, not twice
            payload = Arrays.copyOf(payload, (int) Math.min(payloadLength, Math.max(needed, 4L * payload.length)));
        }
    }

    private void finishFrame(Sink sink) {
        byte[] body = payload;
        String name = command;
        int length = payloadLength;
        headerFill = 0;
        payloadLength = -1;
        payloadFill = 0;
        payload = null;
        command = null;
        if (name == null) {
            sink.onError(new WireError(WireError.Kind.BAD_COMMAND, "",
                    "command field " + HexFormat.of().formatHex(header, 4, 16) + " is not NUL-padded ASCII"));
            return;
        }
        byte[] sum = Sha256.sha256dBytes(body, 0, length);
        if (readInt(sum, 0) != readInt(header, 20)) {
            sink.onError(new WireError(WireError.Kind.BAD_CHECKSUM, name,
                    "checksum " + HexFormat.of().formatHex(header, 20, 24) + " does not match the " + length
                            + "-byte payload (" + HexFormat.of().formatHex(sum, 0, 4) + ")"));
            return;
        }
        sink.onFrame(name, body);
    }

    private void fail(Sink sink, WireError error) {
        failed = true;
        payload = null;
        sink.onError(error);
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
