package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.wire.Message;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The block graph inventory sync works on: a chain (each block has one parent) or a BlockDAG (a block names
 * several). {@link InventorySync} knows blocks only through this interface; {@link BitcoinBlockGraph} is
 * the Bitcoin chain's implementation, and a DAG plugs in with its own.
 *
 * <p>The graph also speaks its own dialect of the block messages: how a {@code getblocks} looks ({@code Q}:
 * Bitcoin's carries a locator, soterd's a start height), how a block is sent, and how {@code inv},
 * {@code getdata} and {@code notfound} are spelt ({@link #dialect()}: soterd's entries carry heights).
 *
 * <p>"Contains" means connected: stored with all its ancestors. Orphans are not in the graph; the sync keeps
 * them in its {@link dev.tributary.sync.inventory.OrphanPool}. Engine thread only.
 *
 * @param <B> the block type
 * @param <Q> the {@code getblocks} message of this graph's protocol
 */
public interface BlockGraph<B, Q extends Message> {

    /** The block's hash, its identity in inventories. */
    Hash hashOf(B block);

    /** Whether the block is connected (stored, with every ancestor). */
    boolean contains(Hash hash);

    /** The height of a connected block; empty when not connected. */
    OptionalInt heightOf(Hash hash);

    /** Our height: the best chain's tip height, or the highest tip of a DAG. */
    int height();

    /**
     * Validates and connects {@code block}. Never throws for bad input.
     *
     * @return {@link Acceptance.Connected} with the block (the graph connects this block only; the sync
     *         connects orphans waiting on it), {@link Acceptance.Orphan} with the parents it lacks (nothing is
     *         stored), {@link Acceptance.Invalid} with the sender's penalty, or {@link Acceptance.Duplicate}
     */
    Acceptance accept(B block);

    /** A {@code getblocks} for what follows our tips, up to {@code stop} (the zero hash: up to the peer's tips). */
    Q requestFromTips(Hash stop);

    /** A {@code getblocks} for the blocks after {@code from} (a connected block) up to {@code stop}. */
    Q requestBetween(Hash from, Hash stop);

    /**
     * Answers a peer's {@code getblocks}: the hashes of at most {@code max} connected blocks the request asks
     * for, parents before children. The sync sends them as one {@code inv} and applies the continue rule.
     */
    List<Hash> blocksAfter(Q request, int max);

    /**
     * The hash of the one-entry {@code inv} sent when a peer fetches the last block of a full
     * {@code getblocks} answer: Bitcoin's (and btcd's) best tip hash, soterd's zero hash ("ask me for more").
     */
    Hash continueHash();

    /** A connected block to serve, as the message to send; without witness data unless asked. */
    Optional<Message> blockMessage(Hash hash, boolean withWitness);

    /**
     * The BIP 130 announcement of connected blocks (parents first) for peers that sent {@code sendheaders};
     * empty where the graph has no headers message, and such peers get an {@code inv}.
     */
    Optional<Message> headersAnnouncement(List<Hash> hashes);

    /** The ids of the transactions a block confirms, to take them out of the memory pool. */
    List<Hash> transactionIds(B block);

    /** How this graph's protocol spells {@code inv}, {@code getdata} and {@code notfound}; Bitcoin's by default. */
    default InventoryDialect dialect() {
        return InventoryDialect.BITCOIN;
    }

    /** The block's serialized size, in bytes: what bounds the orphan pool. */
    int sizeOf(B block);
}
