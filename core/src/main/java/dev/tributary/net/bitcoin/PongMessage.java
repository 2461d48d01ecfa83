package dev.tributary.net.bitcoin;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;

/** {@code pong}: the nonce of the {@code ping} it answers (uint64). */
public record PongMessage(long nonce) implements Message {
    public static final String COMMAND = "pong";

    public static PongMessage read(ByteReader in) {
        return new PongMessage(in.readInt64LE());
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        out.writeInt64LE(nonce);
    }
}
