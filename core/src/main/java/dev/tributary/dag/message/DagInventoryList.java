package dev.tributary.dag.message;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.wire.WireLimits;
import java.util.ArrayList;
import java.util.List;

/** Shared payload of dagtest's {@code inv}, {@code getdata} and {@code notfound}: varint count (at most 50,000), then 40-byte entries. */
final class DagInventoryList {
    private DagInventoryList() {
    }

    static List<DagInventoryItem> read(ByteReader in) {
        int n = in.readCount(WireLimits.MAX_INVENTORY, DagInventoryItem.SIZE, "inventory entries");
        List<DagInventoryItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(DagInventoryItem.read(in));
        }
        return items;
    }

    static void write(ByteWriter out, List<DagInventoryItem> items) {
        out.writeVarInt(items.size());
        items.forEach(i -> i.write(out));
    }

    static List<DagInventoryItem> checked(List<DagInventoryItem> items) {
        List<DagInventoryItem> copy = List.copyOf(items);
        if (copy.size() > WireLimits.MAX_INVENTORY) {
            throw new IllegalArgumentException("inventory messages hold at most " + WireLimits.MAX_INVENTORY + " entries");
        }
        return copy;
    }
}
