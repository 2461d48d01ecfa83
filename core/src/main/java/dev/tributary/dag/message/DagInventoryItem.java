package dev.tributary.dag.message;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.chain.message.InventoryItem;

/**
 * One entry of dagtest's {@code inv}, {@code getdata} and {@code notfound}, soterd's inventory vector: a
 * type, a hash and a height. 40 bytes:
 *
 * <pre>
 *  offset  size  field
 *   0       4    type     uint32 LE: 1 transaction, 2 block (Bitcoin's {@link InventoryItem} numbers)
 *   4      32    hash     internal order
 *  36       4    height   int32 LE, &gt;= 0; the block's height, 0 for a transaction
 * </pre>
 *
 * The height lets a node see how far ahead a peer is from its announcements alone. A block entry with the
 * zero hash is soterd's "ask me for more" marker, sent after a full answer to getblocks.
 */
public record DagInventoryItem(int type, Hash hash, int height) {
    public static final int SIZE = 4 + 32 + 4;
    public static final int TX = InventoryItem.TX;
    public static final int BLOCK = InventoryItem.BLOCK;

    public DagInventoryItem {
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height);
        }
    }

    public static DagInventoryItem block(Hash hash, int height) {
        return new DagInventoryItem(BLOCK, hash, height);
    }

    public static DagInventoryItem block(BlockAtHeight block) {
        return new DagInventoryItem(BLOCK, block.hash(), block.height());
    }

    public static DagInventoryItem tx(Hash hash) {
        return new DagInventoryItem(TX, hash, 0);
    }

    public static DagInventoryItem read(ByteReader in) {
        int type = in.readInt32LE();
        Hash hash = in.readHash();
        int height = in.readInt32LE();
        if (height < 0) {
            throw new MalformedDataException("inventory entry with negative height " + height);
        }
        return new DagInventoryItem(type, hash, height);
    }

    public void write(ByteWriter out) {
        out.writeInt32LE(type).writeHash(hash).writeInt32LE(height);
    }

    public boolean isBlock() {
        return type == BLOCK;
    }

    public boolean isTransaction() {
        return type == TX;
    }

    @Override
    public String toString() {
        String name = type == BLOCK ? "block" : type == TX ? "tx" : "type-" + type;
        return name + ":" + hash + "@" + height;
    }
}
