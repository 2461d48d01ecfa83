package dev.tributary.net;

import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.message.DagGetDataMessage;
import dev.tributary.dag.message.DagInvMessage;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.message.DagNotFoundMessage;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.inventory.Acceptance;
import dev.tributary.sync.inventory.DagBlockGraph;
import dev.tributary.sync.inventory.DagInventoryDialect;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.sync.inventory.InventorySync;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.message.TxMessage;
import dev.tributary.chain.message.ChainMessages;
import dev.tributary.dag.message.DagMessages;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.wire.MessageCodec;
import java.util.List;
import java.util.Random;

/**
 * Plugs blocks-first inventory sync of a dagtest BlockDAG ({@link InventorySync} over a {@link DagBlockGraph})
 * into a {@link PeerManager}, as {@link InventoryProtocol} does for a Bitcoin chain: registers the handlers of
 * the dagtest messages and forwards peer lifecycle events.
 *
 * <table>
 *   <caption>incoming messages and what they become</caption>
 *   <tr><th>message</th><th>sync call</th></tr>
 *   <tr><td>{@link DagInvMessage}</td><td>{@code onInv} (entries without their heights)</td></tr>
 *   <tr><td>{@link DagGetDataMessage}</td><td>{@code onGetData}</td></tr>
 *   <tr><td>{@link DagNotFoundMessage}</td><td>{@code onNotFound}</td></tr>
 *   <tr><td>{@link DagGetBlocksMessage}</td><td>{@code onGetBlocks}</td></tr>
 *   <tr><td>{@link DagBlockMessage}</td><td>{@code onBlock}</td></tr>
 *   <tr><td>{@code tx} (Bitcoin's)</td><td>{@code onTransaction}</td></tr>
 * </table>
 *
 * Outgoing messages are spelt by the graph's {@link DagInventoryDialect}. {@code getheaders} and
 * {@code headers} are not handled: dagtest has no headers sync. The peer manager must run over a transport
 * built with {@link DagParameters#magic()} and {@code DagInventoryProtocol.codec()}; {@link #peerManager} makes one
 * announcing our DAG height in {@code version}. Engine thread only.
 */
public final class DagInventoryProtocol implements PeerListener {
    /** Most bytes of memory-pool transactions a block mined here takes (besides its coinbase). */
    static final int MAX_MINED_TRANSACTION_BYTES = 1_000_000;

    private final InventorySync<DagBlock, DagGetBlocksMessage> sync;
    private final DagBlockGraph graph;
    private final Scheduler scheduler;
    private final DagMiner miner;

    private DagInventoryProtocol(InventorySync<DagBlock, DagGetBlocksMessage> sync, DagBlockGraph graph,
            Scheduler scheduler) {
        this.sync = sync;
        this.graph = graph;
        this.scheduler = scheduler;
        this.miner = new DagMiner(graph.params());
    }

    private static final MessageCodec CODEC = DagMessages.register(
            ChainMessages.registerTransactions(BitcoinMessages.register(MessageCodec.builder()))).build();

    /**
     * The codec of dagtest connections: Bitcoin's control messages, {@code tx} and the dagtest block-sync
     * messages ({@link DagMessages}).
     */
    public static MessageCodec codec() {
        return CODEC;
    }

    /**
     * A peer manager for {@code params}' network: its default port, no DNS seeds, our DAG height (the highest
     * tip's) in {@code version}.
     *
     * @param transport built with {@code params.magic()} and {@code DagInventoryProtocol.codec()}
     */
    public static PeerManager peerManager(NetConfig config, DagParameters params, Transport transport,
            Scheduler scheduler, DagBlockGraph graph, long services, Random random) {
        return new PeerManager(config, params.defaultPort(), List.of(), transport, scheduler, graph::height, services,
                random);
    }

    /** Installs inventory sync of the DAG in {@code graph} on {@code peers}; returns it for use. */
    public static DagInventoryProtocol install(PeerManager peers, DagBlockGraph graph, Scheduler scheduler,
            InventoryConfig config, Random random) {
        InventorySync<DagBlock, DagGetBlocksMessage> sync = new InventorySync<>(graph, scheduler, config, random);
        DagInventoryProtocol p = new DagInventoryProtocol(sync, graph, scheduler);
        MessageDispatcher d = peers.dispatcher();
        d.on(DagInvMessage.class, (peer, m) -> sync.onInv(peer, DagInventoryDialect.toInternal(m.items())));
        d.on(DagGetDataMessage.class, (peer, m) -> sync.onGetData(peer, DagInventoryDialect.toInternal(m.items())));
        d.on(DagNotFoundMessage.class, (peer, m) -> sync.onNotFound(peer, DagInventoryDialect.toInternal(m.items())));
        d.on(DagGetBlocksMessage.class, sync::onGetBlocks);
        d.on(DagBlockMessage.class, (peer, m) -> sync.onBlock(peer, m.block()));
        d.on(TxMessage.class, (peer, m) -> sync.onTransaction(peer, m.transaction()));
        peers.addListener(p);
        return p;
    }

    @Override
    public void onPeerReady(Peer peer) {
        sync.onPeerReady(peer);
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        sync.onPeerGone(peer);
    }

    @Override
    public void onPeerWritable(Peer peer) {
        sync.onWritable(peer);
    }

    /**
     * Mines a block on all current tips (the first 8 in canonical order when there are more, as
     * {@link DagMiner} does) at the scheduler's time, with the memory pool's transactions that carry no witness
     * data (oldest first, up to {@link #MAX_MINED_TRANSACTION_BYTES}), and submits it: connected, stored and
     * announced to every peer. Engine thread.
     *
     * @param coinbasePayload pushed in the coinbase after the height (at most 90 bytes): tells apart blocks two
     *                        nodes mine on the same tips in the same second, so give each node its own
     * @return the block mined
     */
    public DagBlock mineBlock(byte[] coinbasePayload) {
        scheduler.checkEngineThread();
        DagBlock block = miner.mine(graph.index(), mempoolTransactions(), scheduler.nowSeconds(), coinbasePayload);
        sync.submitBlock(block);
        return block;
    }

    private List<Transaction> mempoolTransactions() {
        return sync.mempool().select(MAX_MINED_TRANSACTION_BYTES, tx -> !tx.hasWitness());
    }

    /** A block made here (by any miner): connected, stored and announced. Engine thread. */
    public Acceptance submitBlock(DagBlock block) {
        return sync.submitBlock(block);
    }

    /** A transaction made here: into the memory pool and announced; false when the pool refused it. Engine thread. */
    public boolean submitTransaction(Transaction tx) {
        return sync.submitTransaction(tx);
    }

    /** The DAG state now: tips, tips hash, min and max tip height, block count. Engine thread. */
    public DagState state() {
        return graph.state();
    }

    public DagBlockGraph graph() {
        return graph;
    }

    /** The sync itself: peers, sync mode, orphans, memory pool. */
    public InventorySync<DagBlock, DagGetBlocksMessage> sync() {
        return sync;
    }
}
