package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.sync.DataServer;
import dev.tributary.sync.SyncPeer;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.wire.SerializedMessage;
import dev.tributary.chain.message.TxMessage;
import dev.tributary.wire.WireLimits;
import java.util.List;
import java.util.Optional;

/**
 * Serves a {@link BlockGraph} and the memory pool to peers, through a {@link DataServer}.
 *
 * <ul>
 *   <li>{@code getblocks}: one {@code inv} of at most 500 blocks ({@link BlockGraph#blocksAfter}). When exactly
 *       500 were sent the last is remembered; when the peer later fetches it, a one-entry {@code inv} of
 *       {@link BlockGraph#continueHash()} follows, so the peer asks for the next 500.</li>
 *   <li>{@code getdata}: a {@code block} or {@code tx} per entry, one {@code notfound} for the rest; under the
 *       {@link DataServer}'s flow control (serving pauses while the peer's send queue holds more than
 *       {@link DataServer#SEND_QUEUE_SOFT_LIMIT} bytes, at most 50,000 requests wait per peer).</li>
 * </ul>
 *
 * Messages are spelt in the graph's {@link InventoryDialect}. Everything served is marked known to the peer, so
 * it is not announced to it again. Engine thread only.
 */
final class InventoryServer<B, Q extends Message> {
    private final BlockGraph<B, Q> graph;
    private final TransactionPool mempool;
    private final InventoryRelay relay;
    private final DataServer data;

    InventoryServer(BlockGraph<B, Q> graph, TransactionPool mempool, InventoryRelay relay) {
        this.graph = graph;
        this.mempool = mempool;
        this.relay = relay;
        this.data = new DataServer(this::lookup, graph::continueHash, graph.dialect(), relay::markKnown);
    }

    void onGetBlocks(SyncPeer peer, Q request) {
        List<Hash> hashes = graph.blocksAfter(request, WireLimits.MAX_GETBLOCKS_RESULTS);
        if (hashes.isEmpty()) {
            return;
        }
        hashes.forEach(h -> relay.markKnown(peer, h));
        data.sendBlockInventory(peer, hashes);
    }

    void onGetData(SyncPeer peer, List<InventoryItem> items) {
        data.onGetData(peer, items);
    }

    void onWritable(SyncPeer peer) {
        data.onWritable(peer);
    }

    void onPeerGone(SyncPeer peer) {
        data.onPeerGone(peer);
    }

    private Optional<Message> lookup(InventoryItem item) {
        if (item.isBlock()) {
            return graph.blockMessage(item.hash(), item.wantsWitness());
        }
        if (item.isTransaction()) {
            return mempool.serialized(item.hash()).map(b -> new SerializedMessage(TxMessage.COMMAND, b));
        }
        return Optional.empty();
    }
}
