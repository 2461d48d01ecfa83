package dev.tributary.chain.message;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import java.util.List;

/** {@code notfound}: lists what a getdata asked for that the sender does not have. Payload: varint count (at most 50,000), then 36-byte {@link InventoryItem}s. */
public record NotFoundMessage(List<InventoryItem> items) implements Message {
    public static final String COMMAND = "notfound";

    public NotFoundMessage {
        items = InventoryMessages.checked(items);
    }

    public static NotFoundMessage read(ByteReader in) {
        return new NotFoundMessage(InventoryMessages.read(in));
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
