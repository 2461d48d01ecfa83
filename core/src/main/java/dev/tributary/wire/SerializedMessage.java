package dev.tributary.wire;

import dev.tributary.bytes.ByteWriter;

/**
 * A message whose payload is already encoded, such as a block read from the store: sending it costs no
 * parse and no re-serialization. Never produced by decoding.
 */
public record SerializedMessage(String command, byte[] payload) implements Message {
    @Override
    public void write(ByteWriter out) {
        out.writeBytes(payload);
    }

    @Override
    public byte[] payload() {
        return payload;
    }
}
