package dev.tributary.chain.message;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import java.util.List;

/** {@code inv}: announces blocks or transactions the sender has. Payload: varint count (at most 50,000), then 36-byte {@link InventoryItem}s. */
public record InvMessage(List<InventoryItem> items) implements Message {
    public static final String COMMAND = "inv";

    public InvMessage {
        items = InventoryMessages.checked(items);
    }

    public static InvMessage read(ByteReader in) {
        return new InvMessage(InventoryMessages.read(in));
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        InventoryMessages.write(out, items);
    }
}
