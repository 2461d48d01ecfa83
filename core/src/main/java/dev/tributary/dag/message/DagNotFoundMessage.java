package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.wire.Message;
import java.util.List;

/**
 * dagtest {@code notfound}: lists the entries of a getdata the sender does not have. Payload: varint count (at most 50,000), then 40-byte
 * {@link DagInventoryItem}s (type, hash, height).
 */
public record DagNotFoundMessage(List<DagInventoryItem> items) implements Message {
    public static final String COMMAND = "notfound";

    public DagNotFoundMessage {
        items = DagInventoryList.checked(items);
    }

    public static DagNotFoundMessage read(ByteReader in) {
        return new DagNotFoundMessage(DagInventoryList.read(in));
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
