package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.sync.ChainServer;
import dev.tributary.sync.SyncPeer;
import dev.tributary.wire.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.wire.SerializedMessage;
import dev.tributary.wire.TxMessage;
import dev.tributary.wire.WireLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves a {@link BlockGraph} and the memory pool to peers.
 *
 * <ul>
 *   <li>{@code getblocks}: one {@code inv} of at most 500 blocks ({@link BlockGraph#blocksAfter}). When exactly
 *       500 were sent the last is remembered; when the peer later fetches it, a one-entry {@code inv} of
 *       {@link BlockGraph#continueHash()} follows, so the peer asks for the next 500.</li>
 *   <li>{@code getdata}: a {@code block} or {@code tx} per entry, one {@code notfound} for the rest; under the
 *       same flow control as {@link ChainServer} (serving pauses while the peer's send queue holds more than
 *       {@link ChainServer#SEND_QUEUE_SOFT_LIMIT} bytes, at most 50,000 requests wait per peer).</li>
 * </ul>
 *
 * Messages are spelt in the graph's {@link InventoryDialect}. Everything served is marked known to the peer, so
 * it is not announced to it again. Engine thread only.
 */
final class InventoryServer<B, Q extends Message> {
    private final BlockGraph<B, Q> graph;
    private final TransactionPool mempool;
    private final InventoryRelay relay;
    private final Map<Long, Deque<InventoryItem>> waiting = new HashMap<>();
    private final Map<Long, Hash> continueHash = new HashMap<>();

    InventoryServer(BlockGraph<B, Q> graph, TransactionPool mempool, InventoryRelay relay) {
        this.graph = graph;
        this.mempool = mempool;
        this.relay = relay;
    }

    void onGetBlocks(SyncPeer peer, Q request) {
        List<Hash> hashes = graph.blocksAfter(request, WireLimits.MAX_GETBLOCKS_RESULTS);
        if (hashes.isEmpty()) {
            return;
        }
        if (hashes.size() == WireLimits.MAX_GETBLOCKS_RESULTS) {
            continueHash.put(peer.id(), hashes.get(hashes.size() - 1));
        }
        hashes.forEach(h -> relay.markKnown(peer, h));
        peer.send(graph.dialect().blockInventory(hashes));
    }

    void onGetData(SyncPeer peer, List<InventoryItem> items) {
        Deque<InventoryItem> queue = waiting.computeIfAbsent(peer.id(), k -> new ArrayDeque<>());
        if (queue.size() + items.size() > WireLimits.MAX_INVENTORY) {
            waiting.remove(peer.id());
            peer.disconnect("getdata flood: more than " + WireLimits.MAX_INVENTORY + " requests waiting");
            return;
        }
        queue.addAll(items);
        serve(peer);
    }

    void onWritable(SyncPeer peer) {
        if (waiting.containsKey(peer.id())) {
            serve(peer);
        }
    }

    void onPeerGone(SyncPeer peer) {
        waiting.remove(peer.id());
        continueHash.remove(peer.id());
    }

    private void serve(SyncPeer peer) {
        Deque<InventoryItem> queue = waiting.get(peer.id());
        List<InventoryItem> notFound = new ArrayList<>();
        while (!queue.isEmpty() && peer.isConnected() && peer.queuedSendBytes() < ChainServer.SEND_QUEUE_SOFT_LIMIT) {
            InventoryItem item = queue.poll();
            Optional<Message> answer = Optional.empty();
            if (item.isBlock()) {
                answer = graph.blockMessage(item.hash(), item.wantsWitness());
            } else if (item.isTransaction()) {
                answer = mempool.serialized(item.hash()).map(b -> new SerializedMessage(TxMessage.COMMAND, b));
            }
            if (answer.isEmpty()) {
                notFound.add(item);
                continue;
            }
            relay.markKnown(peer, item.hash());
            peer.send(answer.get());
            if (item.isBlock() && item.hash().equals(continueHash.get(peer.id()))) {
                continueHash.remove(peer.id());
                peer.send(graph.dialect().blockInventory(List.of(graph.continueHash())));
            }
        }
        if (!notFound.isEmpty()) {
            peer.send(graph.dialect().notFound(notFound));
        }
        if (queue.isEmpty()) {
            waiting.remove(peer.id());
        }
    }
}
