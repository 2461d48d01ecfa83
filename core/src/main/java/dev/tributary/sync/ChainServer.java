package dev.tributary.sync;

import dev.tributary.chain.store.ChainState;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.wire.SerializedMessage;
import dev.tributary.wire.WireLimits;
import dev.tributary.engine.StageTimes;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves the chain to peers: {@code getheaders} and {@code getblocks} (an {@code inv} of up to 500 blocks)
 * from the main chain, {@code getdata} from the block store with one {@code notfound} for what is
 * missing.
 *
 * <p>Headers are served from the whole validated header chain, up to the main tip, also where the node
 * lacks the blocks (it imported headers, or is still downloading bodies): a peer that syncs headers gets
 * them all. Block inventories ({@code getblocks}) of a full node stop at its block tip, the blocks it can
 * serve, as Bitcoin Core's active chain does; a peer that asks for a block we lack gets {@code notfound}
 * (a Tributary peer then asks other peers, and a {@code sync} command that has no other fails naming
 * the block). A headers-only node serves its whole header chain for both.
 *
 * <p>{@code getdata} is served by a {@link DataServer}: under flow control, as Bitcoin Core does (while a
 * peer's send queue holds more than {@link #SEND_QUEUE_SOFT_LIMIT} bytes its remaining requests wait, and
 * resume when the network layer reports the queue drained: {@link #onWritable(SyncPeer)}), with at most
 * {@link WireLimits#MAX_INVENTORY} requests waiting per peer (a peer that asks for more is flooding and is
 * dropped), and with Core's continue rule for full {@code getblocks} answers.
 *
 * <p>Engine thread only.
 */
public final class ChainServer {
    /** Above this many queued bytes, serving a peer pauses until its socket catches up. */
    public static final long SEND_QUEUE_SOFT_LIMIT = DataServer.SEND_QUEUE_SOFT_LIMIT;

    private final ChainState chain;
    private final Scheduler scheduler;
    private final DataServer data;
    private Function<Hash, Optional<byte[]>> transactions = h -> Optional.empty();

    private final boolean fullNode;

    /** @param fullNode whether this node downloads blocks (then it serves only the chain it has bodies for) */
    public ChainServer(ChainState chain, Scheduler scheduler, boolean fullNode) {
        this.chain = chain;
        this.scheduler = scheduler;
        this.fullNode = fullNode;
        this.data = new DataServer(this::lookup, () -> servedTip().hash(), DataServer.BITCOIN, (peer, hash) -> { });
    }

    /** The tip of the main chain whose blocks this node serves: the block tip of a full node, else the header tip. */
    private HeaderSyncData servedTip() {
        return fullNode ? chain.blockTip() : chain.mainTip();
    }

    /** The first {@code items}, listed from {@code firstHeight} up, that are at most {@code servedHeight} high. */
    private static <T> List<T> upToServedHeight(List<T> items, int firstHeight, int servedHeight) {
        int keep = Math.max(0, Math.min(items.size(), servedHeight - firstHeight + 1));
        return keep == items.size() ? items : items.subList(0, keep);
    }

    /** Where {@code getdata} for transactions is answered from (a memory pool); none by default. */
    public void setTransactionSource(Function<Hash, Optional<byte[]>> source) {
        this.transactions = source;
    }

    public void onGetHeaders(SyncPeer peer, GetHeadersMessage m) {
        scheduler.checkEngineThread();
        long start = StageTimes.COUNTERS.start();
        // Written straight from the index's records: no header object is made, nothing is re-encoded.
        byte[] payload = chain.index().headersPayloadAfter(m.locator(), m.stopHash(), WireLimits.MAX_HEADERS,
                chain.mainTip().height());
        peer.send(new SerializedMessage(HeadersMessage.COMMAND, payload));
        StageTimes.COUNTERS.record(StageTimes.Stage.SERVE, start, (payload.length - 1) / (BlockHeader.SIZE + 1));
    }

    /**
     * Core's answer to {@code getheaders}: at most {@link WireLimits#MAX_HEADERS} main-chain headers after the
     * locator's fork point, up to the stop hash, none above {@code servedHeight}. Shared with blocks-first sync,
     * which serves the same chain.
     */
    public static List<BlockHeader> headers(ChainState chain, GetHeadersMessage m, int servedHeight) {
        List<BlockHeader> headers = chain.index().headersAfter(m.locator(), m.stopHash(), WireLimits.MAX_HEADERS);
        if (headers.isEmpty()) {
            return headers;
        }
        int first = chain.index().get(headers.get(0).hash()).orElseThrow().height();
        return upToServedHeight(headers, first, servedHeight);
    }

    public void onGetBlocks(SyncPeer peer, GetBlocksMessage m) {
        scheduler.checkEngineThread();
        List<Hash> hashes = blockInventory(chain, m, servedTip().height(), WireLimits.MAX_GETBLOCKS_RESULTS);
        if (!hashes.isEmpty()) {
            data.sendBlockInventory(peer, hashes);
        }
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
        return upToServedHeight(hashes, first, servedHeight);
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
        data.onGetData(peer, m.items());
    }

    /** The peer's send queue drained below the limit: continue serving its requests. */
    public void onWritable(SyncPeer peer) {
        scheduler.checkEngineThread();
        data.onWritable(peer);
    }

    public void onPeerGone(SyncPeer peer) {
        data.onPeerGone(peer);
    }

    /** A requested block from the store, a transaction from the transaction source; nothing else. */
    private Optional<Message> lookup(InventoryItem item) {
        if (item.isBlock()) {
            return blockPayload(chain, item.hash(), item.wantsWitness())
                    .map(b -> new SerializedMessage(BlockMessage.COMMAND, b));
        }
        if (item.isTransaction()) {
            return transactions.apply(item.hash()).map(b -> new SerializedMessage("tx", b));
        }
        return Optional.empty();
    }
}
