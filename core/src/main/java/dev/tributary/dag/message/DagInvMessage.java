package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.wire.Message;
import java.util.List;

/**
 * dagtest {@code inv}: announces blocks or transactions the sender has, or answers getblocks. Payload: varint count (at most 50,000), then 40-byte
 * {@link DagInventoryItem}s (type, hash, height).
 */
public record DagInvMessage(List<DagInventoryItem> items) implements Message {
    public static final String COMMAND = "inv";

    public DagInvMessage {
        items = DagInventoryList.checked(items);
    }

    public static DagInvMessage read(ByteReader in) {
        return new DagInvMessage(DagInventoryList.read(in));
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
