package dev.tributary.chain.message;

import dev.tributary.chain.Transaction;
import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;

/** {@code tx}: one serialized {@link Transaction}, with witness data when it has any. */
public record TxMessage(Transaction transaction) implements Message {
    public static final String COMMAND = "tx";

    public static TxMessage read(ByteReader in) {
        return new TxMessage(Transaction.read(in));
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        transaction.write(out, true);
    }
}
