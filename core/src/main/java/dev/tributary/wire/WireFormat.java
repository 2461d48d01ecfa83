package dev.tributary.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a connection speaks: how its bytes become frames ({@link FrameFormat}) and its frames messages
 * ({@link MessageCodec}). A node's transport carries connections of several wire formats at once, one per
 * network it runs; every connection has exactly one.
 *
 * @param name   the network's name, for logs ({@code regtest}, {@code dagtest})
 * @param frames the framing
 * @param codec  the messages of every protocol on the network
 */
public record WireFormat(String name, FrameFormat frames, MessageCodec codec) {
    public WireFormat {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(codec, "codec");
    }

    /** A reader of this format's frames, with the codec's payload limit per command. */
    public FrameReader newReader() {
        return frames.newReader(codec::maxPayload);
    }

    /** The whole frame of {@code message}: header and payload (for tests and in-memory transports). */
    public byte[] encode(Message message) {
        byte[] payload = message.payload();
        byte[] header = frames.header(message.command(), payload);
        byte[] frame = new byte[header.length + payload.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }

    /** Whether {@code prefix} (the first bytes of a stream, at least as long as the preamble) starts a frame of
     * this format. */
    public boolean recognizes(byte[] prefix) {
        byte[] preamble = frames.preamble();
        return prefix.length >= preamble.length
                && Arrays.equals(prefix, 0, preamble.length, preamble, 0, preamble.length);
    }

    @Override
    public String toString() {
        return name;
    }
}
