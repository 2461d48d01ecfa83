package dev.tributary.testing;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Sha256;
import dev.tributary.wire.FrameCodec;
import dev.tributary.wire.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hand-made frames for hostile-input tests: the bytes a broken or malicious peer sends, which
 * {@link FrameCodec} refuses to produce. Layout as in {@link FrameCodec}:
 *
 * <pre>
 *  magic(4) command(12, NUL-padded) length(4, LE) checksum(4) payload(length)
 * </pre>
 */
public final class RawFrames {
    private RawFrames() {
    }

    /** A well-formed frame around any payload, with its true checksum: it frames fine, the payload may not decode. */
    public static byte[] frame(int magic, String command, byte[] payload) {
        byte[] checksum = Sha256.sha256dBytes(payload, 0, payload.length);
        return frame(magic, commandField(command), payload.length, checksum, payload);
    }

    /** A well-formed frame of {@code message}. */
    public static byte[] frame(int magic, Message message) {
        return FrameCodec.encode(magic, message);
    }

    /** A frame whose checksum does not match its payload (one checksum bit flipped). */
    public static byte[] badChecksum(int magic, Message message) {
        byte[] f = FrameCodec.encode(magic, message);
        f[20] ^= 0x01;
        return f;
    }

    /**
     * Only a frame header, declaring a payload of {@code declaredLength} bytes (up to 2^32 - 1) that is not
     * sent: with a length over 32 MiB, an oversized frame; otherwise the start of a payload still to come.
     */
    public static byte[] headerOnly(int magic, String command, long declaredLength) {
        return frame(magic, commandField(command), declaredLength, new byte[4], new byte[0]);
    }

    /** A frame of {@code message} whose payload is cut to {@code keep} bytes after a header declaring the full length. */
    public static byte[] cutPayload(int magic, Message message, int keep) {
        byte[] f = FrameCodec.encode(magic, message);
        return Arrays.copyOf(f, FrameCodec.HEADER_SIZE + keep);
    }

    /** A frame of {@code message} under another network's magic. */
    public static byte[] withMagic(int otherMagic, Message message) {
        return FrameCodec.encode(otherMagic, message);
    }

    /** A frame whose 12-byte command field is {@code raw} as given (for commands that are not NUL-padded ASCII). */
    public static byte[] rawCommand(int magic, byte[] raw, byte[] payload) {
        if (raw.length != FrameCodec.COMMAND_SIZE) {
            throw new IllegalArgumentException("a command field is 12 bytes");
        }
        return frame(magic, raw, payload.length, Sha256.sha256dBytes(payload, 0, payload.length), payload);
    }

    /** {@code count} copies of {@code frame} back to back: a chunk for {@link ScriptedPeer#flood}. */
    public static byte[] repeat(byte[] frame, int count) {
        byte[] out = new byte[frame.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frame, 0, out, i * frame.length, frame.length);
        }
        return out;
    }

    private static byte[] commandField(String command) {
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        if (name.length > FrameCodec.COMMAND_SIZE) {
            throw new IllegalArgumentException("a command has at most 12 bytes: " + command);
        }
        return Arrays.copyOf(name, FrameCodec.COMMAND_SIZE);
    }

    private static byte[] frame(int magic, byte[] command, long declaredLength, byte[] checksum, byte[] payload) {
        ByteWriter w = new ByteWriter(FrameCodec.HEADER_SIZE + payload.length);
        w.writeInt32LE(magic).writeBytes(command).writeUInt32LE(declaredLength).writeBytes(checksum, 0, 4)
                .writeBytes(payload);
        return w.toByteArray();
    }
}
