package dev.tributary.wire;

import dev.tributary.bytes.ByteWriter;
import java.util.function.ToIntFunction;

/**
 * Bitcoin's framing as a {@link FrameFormat}: the 24-byte header {@link FrameCodec} draws, starting with the
 * network's 4-byte magic (Bitcoin's networks and dagtest each have their own). The checksum, a SHA-256d of the
 * payload, is computed by {@link #header}, which the transport calls on the connection's writer thread.
 *
 * @param magic the network's message start, as a little-endian int
 */
public record BitcoinFraming(int magic) implements FrameFormat {

    @Override
    public byte[] preamble() {
        return new ByteWriter(4).writeInt32LE(magic).toByteArray();
    }

    @Override
    public FrameReader newReader(ToIntFunction<String> commandLimit) {
        return new FrameDecoder(magic, WireLimits.MAX_PAYLOAD, commandLimit);
    }

    @Override
    public byte[] header(String command, byte[] payload) {
        return FrameCodec.header(magic, command, payload);
    }

    @Override
    public int headerSize() {
        return FrameCodec.HEADER_SIZE;
    }

    @Override
    public String toString() {
        return String.format("Bitcoin framing, magic %08x", Integer.reverseBytes(magic));
    }
}
