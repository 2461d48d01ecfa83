package dev.tributary.net.bitcoin;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;

/** {@code ping}: a uint64 nonce the peer echoes in {@code pong} (BIP 31). */
public record PingMessage(long nonce) implements Message {
    public static final String COMMAND = "ping";

    public static PingMessage read(ByteReader in) {
        return new PingMessage(in.readInt64LE());
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
