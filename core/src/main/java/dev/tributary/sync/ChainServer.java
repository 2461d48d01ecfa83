package dev.tributary.sync;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.wire.Block;
import dev.tributary.wire.BlockHeader;
import dev.tributary.wire.BlockMessage;
import dev.tributary.wire.GetBlocksMessage;
import dev.tributary.wire.GetDataMessage;
import dev.tributary.wire.GetHeadersMessage;
import dev.tributary.wire.HeadersMessage;
import dev.tributary.wire.InvMessage;
import dev.tributary.wire.InventoryItem;
import dev.tributary.wire.NotFoundMessage;
import dev.tributary.wire.SerializedMessage;
import dev.tributary.wire.WireLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves the chain to peers: {@code getheaders} and {@code getblocks} (an {@code inv} of up to 500 blocks)
 * from the main chain, {@code getdata} from the block store with one {@code notfound} for what is
 * missing.
 *
 * <p>A full node serves headers and block inventories only up to its block tip, as Bitcoin Core serves
 * its active chain: whoever receives our headers may then rely on us for those blocks. A headers-only
 * node serves its whole header chain.
 *
 * <p>{@code getdata} is served under flow control, as Bitcoin Core does: while a peer's send queue holds
 * more than {@link #SEND_QUEUE_SOFT_LIMIT} bytes its remaining requests wait, and resume when the network
 * layer reports the queue drained ({@link #onWritable(SyncPeer)}). A peer's waiting requests are bounded
 * by {@link WireLimits#MAX_INVENTORY}; a peer that asks for more is flooding and is dropped.
 *
 * <p>Engine thread only.
 */
public final class ChainServer {
    /** Above this many queued bytes, serving a peer pauses until its socket catches up. */
    public static final long SEND_QUEUE_SOFT_LIMIT = 4L * 1024 * 1024;

    private final ChainState chain;
    private final Scheduler scheduler;
    private final Map<Long, Deque<InventoryItem>> waiting = new HashMap<>();
    /** Core's hashContinue: the last block of a full getblocks answer, per peer. */
    private final Map<Long, Hash> continueHash = new HashMap<>();
    private Function<Hash, Optional<byte[]>> transactions = h -> Optional.empty();

    private final boolean fullNode;

    /** @param fullNode whether this node downloads blocks (then it serves only the chain it has bodies for) */
    public ChainServer(ChainState chain, Scheduler scheduler, boolean fullNode) {
        this.chain = chain;
        this.scheduler = scheduler;
        this.fullNode = fullNode;
    }

    /** The highest main-chain height this node serves headers and inventories for. */
    private int servedHeight() {
        return fullNode ? chain.blockTip().height() : chain.mainTip().height();
    }

    private <T> List<T> upToServedHeight(List<T> items, int firstHeight) {
        int keep = Math.max(0, Math.min(items.size(), servedHeight() - firstHeight + 1));
        return keep == items.size() ? items : items.subList(0, keep);
    }

    /** Where {@code getdata} for transactions is answered from (a memory pool); none by default. */
    public void setTransactionSource(Function<Hash, Optional<byte[]>> source) {
        this.transactions = source;
    }

    public void onGetHeaders(SyncPeer peer, GetHeadersMessage m) {
        scheduler.checkEngineThread();
        List<BlockHeader> headers = chain.index().headersAfter(m.locator(), m.stopHash(), WireLimits.MAX_HEADERS);
        if (!headers.isEmpty()) {
            headers = upToServedHeight(headers, chain.index().get(headers.get(0).hash()).orElseThrow().height());
        }
        peer.send(new HeadersMessage(headers));
    }

    public void onGetBlocks(SyncPeer peer, GetBlocksMessage m) {
        scheduler.checkEngineThread();
        List<Hash> hashes = blockInventory(chain, m, servedHeight(), WireLimits.MAX_GETBLOCKS_RESULTS);
        if (hashes.isEmpty()) {
            return;
        }
        List<InventoryItem> items = new ArrayList<>(hashes.size());
        hashes.forEach(h -> items.add(InventoryItem.block(h)));
        if (hashes.size() == WireLimits.MAX_GETBLOCKS_RESULTS) {
            continueHash.put(peer.id(), hashes.get(hashes.size() - 1));
        }
        peer.send(new InvMessage(items));
    }

    /**
     * Core's answer to {@code getblocks}: the hashes of at most {@code max} main-chain blocks after the
     * locator's fork point, before the stop hash, none above {@code servedHeight}. Shared with blocks-first
     * sync, which serves the same chain.
     */
    public static List<Hash> blockInventory(ChainState chain, GetBlocksMessage m, int servedHeight, int max) {
        List<Hash> hashes = chain.index().hashesAfter(m.locator(), m.stopHash(), max);
        if (hashes.isEmpty()) {
            return hashes;
        }
        int first = chain.index().get(hashes.get(0)).orElseThrow().height();
        int keep = Math.max(0, Math.min(hashes.size(), servedHeight - first + 1));
        return keep == hashes.size() ? hashes : hashes.subList(0, keep);
    }

    /**
     * A stored block as the payload of a {@code block} message: the stored bytes, stripped of witness data
     * unless {@code withWitness}. Empty when the body is not stored. Shared with blocks-first sync.
     */
    public static Optional<byte[]> blockPayload(ChainState chain, Hash hash, boolean withWitness) {
        Optional<byte[]> stored = chain.persist().getBlock(hash);
        if (stored.isEmpty() || withWitness) {
            return stored;
        }
        // Stored blocks keep witness data; a peer that did not ask for it gets the stripped form.
        Block block = Block.parse(stored.get());
        return Optional.of(block.hasWitness() ? block.serialize(false) : stored.get());
    }

    public void onGetData(SyncPeer peer, GetDataMessage m) {
        scheduler.checkEngineThread();
        Deque<InventoryItem> queue = waiting.computeIfAbsent(peer.id(), k -> new ArrayDeque<>());
        if (queue.size() + m.items().size() > WireLimits.MAX_INVENTORY) {
            peer.disconnect("getdata flood: more than " + WireLimits.MAX_INVENTORY + " requests waiting");
            waiting.remove(peer.id());
            return;
        }
        queue.addAll(m.items());
        serve(peer);
    }

    /** The peer's send queue drained below the limit: continue serving its requests. */
    public void onWritable(SyncPeer peer) {
        scheduler.checkEngineThread();
        if (waiting.containsKey(peer.id())) {
            serve(peer);
        }
    }

    public void onPeerGone(SyncPeer peer) {
        waiting.remove(peer.id());
        continueHash.remove(peer.id());
    }

    private void serve(SyncPeer peer) {
        Deque<InventoryItem> queue = waiting.get(peer.id());
        List<InventoryItem> notFound = new ArrayList<>();
        while (!queue.isEmpty() && peer.isConnected() && peer.queuedSendBytes() < SEND_QUEUE_SOFT_LIMIT) {
            InventoryItem item = queue.poll();
            if (item.isBlock()) {
                serveBlock(peer, item, notFound);
            } else if (item.isTransaction()) {
                Optional<byte[]> tx = transactions.apply(item.hash());
                if (tx.isPresent()) {
                    peer.send(new SerializedMessage("tx", tx.get()));
                } else {
                    notFound.add(item);
                }
            } else {
                notFound.add(item);
            }
        }
        if (!notFound.isEmpty()) {
            peer.send(new NotFoundMessage(notFound));
        }
        if (queue.isEmpty()) {
            waiting.remove(peer.id());
        }
    }

    private void serveBlock(SyncPeer peer, InventoryItem item, List<InventoryItem> notFound) {
        Optional<byte[]> stored = blockPayload(chain, item.hash(), item.wantsWitness());
        if (stored.isEmpty()) {
            notFound.add(item);
            return;
        }
        peer.send(new SerializedMessage(BlockMessage.COMMAND, stored.get()));
        if (item.hash().equals(continueHash.get(peer.id()))) {
            // Core's getblocks continuation: point the peer at our tip so it asks for the next 500.
            continueHash.remove(peer.id());
            HeaderSyncData tip = fullNode ? chain.blockTip() : chain.mainTip();
            peer.send(new InvMessage(List.of(InventoryItem.block(tip.hash()))));
        }
    }
}
