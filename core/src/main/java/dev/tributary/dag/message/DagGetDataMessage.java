package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.wire.Message;
import java.util.List;

/**
 * dagtest {@code getdata}: asks for the blocks or transactions listed; answered by block/tx messages and one notfound for the rest. Payload: varint count (at most 50,000), then 40-byte
 * {@link DagInventoryItem}s (type, hash, height).
 */
public record DagGetDataMessage(List<DagInventoryItem> items) implements Message {
    public static final String COMMAND = "getdata";

    public DagGetDataMessage {
        items = DagInventoryList.checked(items);
    }

    public static DagGetDataMessage read(ByteReader in) {
        return new DagGetDataMessage(DagInventoryList.read(in));
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public void write(ByteWriter out) {
        DagInventoryList.write(out, items);
    }
}
