package dev.tributary.chain.message;

import dev.tributary.wire.WireLimits;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/** Shared codec of {@code inv}, {@code getdata} and {@code notfound}: varint count (at most 50,000), then 36-byte items. */
final class InventoryMessages {
    private InventoryMessages() {
    }

    static List<InventoryItem> read(ByteReader in) {
        int n = in.readCount(WireLimits.MAX_INVENTORY, InventoryItem.SIZE, "inventory entries");
        List<InventoryItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(InventoryItem.read(in));
        }
        return items;
    }

    static void write(ByteWriter out, List<InventoryItem> items) {
        out.writeVarInt(items.size());
        items.forEach(i -> i.write(out));
    }

    static List<InventoryItem> checked(List<InventoryItem> items) {
        List<InventoryItem> copy = List.copyOf(items);
        if (copy.size() > WireLimits.MAX_INVENTORY) {
            throw new IllegalArgumentException("inventory messages hold at most " + WireLimits.MAX_INVENTORY + " entries");
        }
        return copy;
    }
}
