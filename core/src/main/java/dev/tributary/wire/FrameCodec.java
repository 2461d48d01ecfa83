package dev.tributary.wire;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * Bitcoin's message framing: every message is a 24-byte header then the payload.
 *
 * <pre>
 *  offset  size  field
 *   0       4    magic      network identifier (mainnet f9 be b4 d9)
 *   4      12    command    ASCII, NUL-padded
 *  16       4    length     payload size, uint32 LE (at most 32 MiB)
 *  20       4    checksum   first 4 bytes of SHA-256d(payload)
 *  24       n    payload
 * </pre>
 */
public final class FrameCodec {
    public static final int HEADER_SIZE = 24;
    public static final int COMMAND_SIZE = 12;

    private FrameCodec() {
    }

    /** Encodes a whole frame. */
    public static byte[] encode(int magic, Message message) {
        return encode(magic, message.command(), message.payload());
    }

    /** Encodes a whole frame from an already serialized payload. */
    public static byte[] encode(int magic, String command, byte[] payload) {
        byte[] header = header(magic, command, payload);
        byte[] frame = new byte[HEADER_SIZE + payload.length];
        System.arraycopy(header, 0, frame, 0, HEADER_SIZE);
        System.arraycopy(payload, 0, frame, HEADER_SIZE, payload.length);
        return frame;
    }

    /** The 24-byte header of a frame carrying {@code payload}: magic, command, length and checksum. */
    public static byte[] header(int magic, String command, byte[] payload) {
        byte[] name = checkCommand(command);
        if (payload.length > WireLimits.MAX_PAYLOAD) {
            throw new IllegalArgumentException(command + " payload of " + payload.length + " bytes exceeds 32 MiB");
        }
        byte[] checksum = Sha256.sha256dBytes(payload, 0, payload.length);
        ByteWriter w = new ByteWriter(HEADER_SIZE);
        w.writeInt32LE(magic).writeBytes(name).writeBytes(new byte[COMMAND_SIZE - name.length]);
        w.writeInt32LE(payload.length).writeBytes(checksum, 0, 4);
        return w.toByteArray();
    }

    /** Validates a command name for sending and returns its ASCII bytes. */
    static byte[] checkCommand(String command) {
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > COMMAND_SIZE || !command.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("invalid command name: '" + command + "'");
        }
        return name;
    }

    /**
     * Parses the 12-byte command field: printable ASCII followed only by NULs. Returns null when invalid.
     */
    static String parseCommand(byte[] header, int offset) {
        int len = 0;
        while (len < COMMAND_SIZE && header[offset + len] != 0) {
            int c = header[offset + len] & 0xff;
            if (c <= 0x20 || c >= 0x7f) {
                return null;
            }
            len++;
        }
        if (len == 0) {
            return null;
        }
        for (int i = len; i < COMMAND_SIZE; i++) {
            if (header[offset + i] != 0) {
                return null;
            }
        }
        return new String(header, offset, len, StandardCharsets.US_ASCII);
    }
}
