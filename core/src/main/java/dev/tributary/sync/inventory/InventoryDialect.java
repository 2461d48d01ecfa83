package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.sync.DataServer;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.chain.message.NotFoundMessage;
import java.util.List;

/**
 * How a {@link BlockGraph}'s protocol spells the inventory messages inventory sync sends: {@code inv},
 * {@code getdata} and {@code notfound}. Bitcoin's entries are (type, hash) ({@link #BITCOIN}); soterd's, and so
 * dagtest's, also carry the block's height ({@link DagInventoryDialect}).
 *
 * <p>Inside the sync an entry is always a {@link InventoryItem} (type with the witness flag, hash): a protocol
 * turns incoming entries into those before calling {@link InventorySync}, and the dialect turns outgoing ones
 * back into its own message. It is also the {@link DataServer.Spelling} the graph's {@code getblocks} and
 * {@code getdata} answers are sent in. Engine thread only, like the graph that provides it.
 */
public interface InventoryDialect extends DataServer.Spelling {

    /**
     * An {@code inv} of blocks: connected blocks announced or listed in a {@code getblocks} answer (parents
     * first), or the one-entry continue announcement of {@link BlockGraph#continueHash()}.
     */
    @Override
    Message blockInventory(List<Hash> blocks);

    /** An {@code inv} of memory-pool transactions. */
    Message transactionInventory(List<Hash> txids);

    /** A {@code getdata} for blocks and transactions; a dialect without witness data drops the witness flag. */
    Message getData(List<InventoryItem> items);

    /** The {@code notfound} answering the entries of a {@code getdata} we cannot serve. */
    @Override
    Message notFound(List<InventoryItem> items);

    /** Bitcoin's messages: {@link InvMessage}, {@link GetDataMessage}, {@link NotFoundMessage}. */
    InventoryDialect BITCOIN = new InventoryDialect() {
        @Override
        public Message blockInventory(List<Hash> blocks) {
            return new InvMessage(blocks.stream().map(InventoryItem::block).toList());
        }

        @Override
        public Message transactionInventory(List<Hash> txids) {
            return new InvMessage(txids.stream().map(InventoryItem::tx).toList());
        }

        @Override
        public Message getData(List<InventoryItem> items) {
            return new GetDataMessage(items);
        }

        @Override
        public Message notFound(List<InventoryItem> items) {
            return new NotFoundMessage(items);
        }

        @Override
        public String toString() {
            return "bitcoin";
        }
    };
}
