package dev.tributary.sync;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.wire.WireLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers {@code getdata} and the {@code inv} of a {@code getblocks} answer, as Bitcoin Core does, for
 * {@link ChainServer} and blocks-first inventory sync alike.
 *
 * <ul>
 *   <li>{@code getdata}: a peer's requests wait in a queue of at most {@link WireLimits#MAX_INVENTORY} entries
 *       (a peer that asks for more is flooding and is dropped). They are served in order while the peer's send
 *       queue holds less than {@link #SEND_QUEUE_SOFT_LIMIT} bytes, and resume when the network layer reports
 *       it drained ({@link #onWritable}); what the lookup does not find goes into one {@code notfound}.</li>
 *   <li>The continue rule (Core's hashContinue): when a {@code getblocks} answer is full
 *       ({@link WireLimits#MAX_GETBLOCKS_RESULTS} blocks) its last block is remembered; when the peer fetches
 *       it, a one-entry {@code inv} of the continue hash follows, so the peer asks for the next batch.</li>
 * </ul>
 *
 * The user supplies the lookup, the continue hash and the {@link Spelling} of its protocol. Engine thread only.
 */
public final class DataServer {
    /** Above this many queued bytes, serving a peer pauses until its socket catches up. */
    public static final long SEND_QUEUE_SOFT_LIMIT = 4L * 1024 * 1024;

    /** How a protocol spells the block {@code inv} and the {@code notfound} this server sends. */
    public interface Spelling {
        /** An {@code inv} of blocks: a {@code getblocks} answer, or the one-entry continue announcement. */
        Message blockInventory(List<Hash> blocks);

        /** The {@code notfound} answering the entries of a {@code getdata} we cannot serve. */
        Message notFound(List<InventoryItem> items);
    }

    /** Bitcoin's spelling: {@link InvMessage} and {@link NotFoundMessage}. */
    public static final Spelling BITCOIN = new Spelling() {
        @Override
        public Message blockInventory(List<Hash> blocks) {
            return new InvMessage(blocks.stream().map(InventoryItem::block).toList());
        }

        @Override
        public Message notFound(List<InventoryItem> items) {
            return new NotFoundMessage(items);
        }
    };

    private final Function<InventoryItem, Optional<Message>> lookup;
    private final Supplier<Hash> continueHash;
    private final Spelling spelling;
    private final BiConsumer<SyncPeer, Hash> onServed;
    private final Map<Long, Deque<InventoryItem>> waiting = new HashMap<>();
    /** Per peer, the last block of its last full {@code getblocks} answer. */
    private final Map<Long, Hash> continueAfter = new HashMap<>();

    /**
     * @param lookup       the message answering a requested item; empty when we cannot serve it
     * @param continueHash the hash announced when a peer fetches the last block of a full answer
     * @param spelling     how {@code inv} and {@code notfound} are spelt
     * @param onServed     told of each item found, before its message is sent
     */
    public DataServer(Function<InventoryItem, Optional<Message>> lookup, Supplier<Hash> continueHash, Spelling spelling,
            BiConsumer<SyncPeer, Hash> onServed) {
        this.lookup = lookup;
        this.continueHash = continueHash;
        this.spelling = spelling;
        this.onServed = onServed;
    }

    /**
     * Sends a {@code getblocks} answer (not empty) as one {@code inv}; when it is full, its last block is
     * remembered for the continue rule.
     */
    public void sendBlockInventory(SyncPeer peer, List<Hash> hashes) {
        if (hashes.size() == WireLimits.MAX_GETBLOCKS_RESULTS) {
            continueAfter.put(peer.id(), hashes.get(hashes.size() - 1));
        }
        peer.send(spelling.blockInventory(hashes));
    }

    /** A {@code getdata}: its items join the peer's queue (or the peer is dropped for flooding) and are served. */
    public void onGetData(SyncPeer peer, List<InventoryItem> items) {
        Deque<InventoryItem> queue = waiting.computeIfAbsent(peer.id(), k -> new ArrayDeque<>());
        if (queue.size() + items.size() > WireLimits.MAX_INVENTORY) {
            waiting.remove(peer.id());
            peer.disconnect("getdata flood: more than " + WireLimits.MAX_INVENTORY + " requests waiting");
            return;
        }
        queue.addAll(items);
        serve(peer);
    }

    /** The peer's send queue drained below the limit: continue serving its requests. */
    public void onWritable(SyncPeer peer) {
        if (waiting.containsKey(peer.id())) {
            serve(peer);
        }
    }

    public void onPeerGone(SyncPeer peer) {
        waiting.remove(peer.id());
        continueAfter.remove(peer.id());
    }

    private void serve(SyncPeer peer) {
        Deque<InventoryItem> queue = waiting.get(peer.id());
        List<InventoryItem> notFound = new ArrayList<>();
        while (!queue.isEmpty() && peer.isConnected() && !peer.sendPaused()) {
            InventoryItem item = queue.poll();
            Optional<Message> answer = lookup.apply(item);
            if (answer.isEmpty()) {
                notFound.add(item);
                continue;
            }
            onServed.accept(peer, item.hash());
            peer.send(answer.get());
            if (item.isBlock() && item.hash().equals(continueAfter.get(peer.id()))) {
                continueAfter.remove(peer.id());
                peer.send(spelling.blockInventory(List.of(continueHash.get())));
            }
        }
        if (!notFound.isEmpty()) {
            peer.send(spelling.notFound(notFound));
        }
        if (queue.isEmpty()) {
            waiting.remove(peer.id());
        }
    }
}
