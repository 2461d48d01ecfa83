package dev.tributary.net.bitcoin;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteWriter;

/** The messages without a payload. */
public final class EmptyMessages {
    private EmptyMessages() {
    }

    /** {@code verack}: acknowledges the peer's {@code version}. */
    public record Verack() implements Message {
        public static final String COMMAND = "verack";
        public static final Verack INSTANCE = new Verack();

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
        }
    }

    /** {@code getaddr}: asks the peer for addresses it knows. */
    public record GetAddr() implements Message {
        public static final String COMMAND = "getaddr";
        public static final GetAddr INSTANCE = new GetAddr();

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
        }
    }

    /** {@code sendheaders} (BIP 130): announce new blocks to me with {@code headers}, not {@code inv}. */
    public record SendHeaders() implements Message {
        public static final String COMMAND = "sendheaders";
        public static final SendHeaders INSTANCE = new SendHeaders();

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void write(ByteWriter out) {
        }
    }
}
