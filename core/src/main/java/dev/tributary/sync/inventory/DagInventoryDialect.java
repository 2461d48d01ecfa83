package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.message.DagGetDataMessage;
import dev.tributary.dag.message.DagInvMessage;
import dev.tributary.dag.message.DagInventoryItem;
import dev.tributary.dag.message.DagNotFoundMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * dagtest's (soterd's) spelling of the inventory messages: entries of (type, hash, height).
 *
 * <ul>
 *   <li>a block entry carries the block's height when it is connected here; the continue announcement (the
 *       zero hash, "ask me for more") carries our height, the highest tip's; a {@code getdata} for a block not
 *       here yet carries 0 (nothing reads it: blocks are looked up by hash);</li>
 *   <li>a transaction entry carries height 0;</li>
 *   <li>the witness flag has no place in dagtest (its blocks carry no witness data) and is dropped.</li>
 * </ul>
 *
 * {@link #toInternal} turns incoming entries into the sync's {@link InventoryItem}s. Engine thread only.
 */
public final class DagInventoryDialect implements InventoryDialect {
    private final Function<Hash, OptionalInt> heightOf;
    private final IntSupplier ourHeight;

    /**
     * @param heightOf  the height of a connected block, empty when not here
     * @param ourHeight the height of our highest tip
     */
    public DagInventoryDialect(Function<Hash, OptionalInt> heightOf, IntSupplier ourHeight) {
        this.heightOf = heightOf;
        this.ourHeight = ourHeight;
    }

    @Override
    public Message blockInventory(List<Hash> blocks) {
        List<DagInventoryItem> items = new ArrayList<>(blocks.size());
        for (Hash h : blocks) {
            int height = h.isZero() ? ourHeight.getAsInt() : heightOf.apply(h).orElse(0);
            items.add(DagInventoryItem.block(h, height));
        }
        return new DagInvMessage(items);
    }

    @Override
    public Message transactionInventory(List<Hash> txids) {
        return new DagInvMessage(txids.stream().map(DagInventoryItem::tx).toList());
    }

    @Override
    public Message getData(List<InventoryItem> items) {
        return new DagGetDataMessage(toDag(items));
    }

    @Override
    public Message notFound(List<InventoryItem> items) {
        return new DagNotFoundMessage(toDag(items));
    }

    private List<DagInventoryItem> toDag(List<InventoryItem> items) {
        List<DagInventoryItem> out = new ArrayList<>(items.size());
        for (InventoryItem i : items) {
            int height = i.isBlock() ? heightOf.apply(i.hash()).orElse(0) : 0;
            out.add(new DagInventoryItem(i.baseType(), i.hash(), height));
        }
        return out;
    }

    /**
     * Incoming dagtest entries as the sync's items: type and hash. Heights are not kept: a peer's height is
     * learnt from its {@code version} and from the blocks it delivers, as on Bitcoin, so an announcement
     * cannot put a node into sync mode by itself (see docs/dagtest-protocol.md).
     */
    public static List<InventoryItem> toInternal(List<DagInventoryItem> items) {
        List<InventoryItem> out = new ArrayList<>(items.size());
        for (DagInventoryItem i : items) {
            out.add(new InventoryItem(i.type(), i.hash()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "dagtest";
    }
}
