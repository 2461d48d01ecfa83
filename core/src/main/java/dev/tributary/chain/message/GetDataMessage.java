package dev.tributary.chain.message;

import dev.tributary.wire.Message;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import java.util.List;

/** {@code getdata}: asks for the blocks or transactions listed; answered by block/tx messages and one notfound for the rest. Payload: varint count (at most 50,000), then 36-byte {@link InventoryItem}s. */
public record GetDataMessage(List<InventoryItem> items) implements Message {
    public static final String COMMAND = "getdata";

    public GetDataMessage {
        items = InventoryMessages.checked(items);
    }

    public static GetDataMessage read(ByteReader in) {
        return new GetDataMessage(InventoryMessages.read(in));
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
