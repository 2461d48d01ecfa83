package dev.tributary.sync.inventory;

import dev.tributary.chain.Transaction;
import dev.tributary.chain.message.ChainMessages;
import dev.tributary.chain.message.TxMessage;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.message.DagGetDataMessage;
import dev.tributary.dag.message.DagInvMessage;
import dev.tributary.dag.message.DagMessages;
import dev.tributary.dag.message.DagNotFoundMessage;
import dev.tributary.dag.message.DagRangeMessage;
import dev.tributary.dag.message.DagTipsMessage;
import dev.tributary.dag.message.GetDagRangeMessage;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.MessageDispatcher;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.wire.MessageCodec;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Blocks-first inventory sync of a dagtest BlockDAG ({@link InventorySync} over a {@link DagBlockGraph}) as a
 * module of the dagtest {@link PeerNetwork}, as {@link InventoryProtocol} is for a Bitcoin chain: registers the
 * dagtest messages and their handlers and forwards peer lifecycle events.
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
 *   <tr><td>{@link DagTipsMessage}</td><td>{@link DagReconciler#onTips}</td></tr>
 *   <tr><td>{@link GetDagRangeMessage}</td><td>{@link DagReconciler#onGetRange}</td></tr>
 *   <tr><td>{@link DagRangeMessage}</td><td>{@link DagReconciler#onRange}</td></tr>
 * </table>
 *
 * <p>With reconciliation (the default), a {@link DagReconciler} runs beside the sync: peers whose {@code version}
 * advertises {@link DagMessages#NODE_DAG_RECONCILIATION} exchange tips and reconcile (it is told of each before
 * the sync, so that they are never chosen as sync peer); the others are synced the soterd way alone
 * ({@code getblocks} by height). Without it the module speaks only soterd's messages, as a dagtest node did
 * before the extension (for tests of mixed networks).
 *
 * <p>Outgoing messages are spelt by the graph's {@link DagInventoryDialect}. {@code getheaders} and
 * {@code headers} are not handled: dagtest has no headers sync. {@link #network} builds the dagtest network
 * with this module: {@link DagParameters#magic()}, our DAG height in {@code version}, and the reconciliation
 * service. Engine thread only.
 */
public final class DagInventoryProtocol extends InventoryModule<DagBlock, DagGetBlocksMessage> {
    /** Most bytes of memory-pool transactions a block mined here takes (besides its coinbase). */
    static final int MAX_MINED_TRANSACTION_BYTES = 1_000_000;

    private static final MessageCodec CODEC =
            DagMessages.registerReconciliation(register(BitcoinMessages.register(MessageCodec.builder()))).build();

    private final DagBlockGraph graph;
    private final Scheduler scheduler;
    private final DagMiner miner;
    /** Null without reconciliation. */
    private final DagReconciler reconciler;

    /** The module with reconciliation. */
    public DagInventoryProtocol(DagBlockGraph graph, Scheduler scheduler, InventoryConfig config, Random random) {
        this(graph, scheduler, config, random, true);
    }

    /**
     * @param reconcile false for soterd's messages alone: neither the reconciliation service nor its commands
     */
    public DagInventoryProtocol(DagBlockGraph graph, Scheduler scheduler, InventoryConfig config, Random random,
            boolean reconcile) {
        super(graph, scheduler, config, random);
        this.graph = graph;
        this.scheduler = scheduler;
        this.miner = new DagMiner(graph.params());
        this.reconciler = reconcile ? DagReconciler.install(sync(), graph, scheduler, config.requestTimeoutMillis())
                : null;
    }

    /**
     * The codec of dagtest connections: Bitcoin's control messages, {@code tx}, the dagtest block-sync messages
     * and the reconciliation extension ({@link DagMessages}); for tools and tests that speak dagtest without a
     * node.
     */
    public static MessageCodec codec() {
        return CODEC;
    }

    private static MessageCodec.Builder register(MessageCodec.Builder codec) {
        return DagMessages.register(ChainMessages.registerTransactions(codec));
    }

    /**
     * A dagtest network with this protocol installed over Bitcoin's handshake, ping and address gossip: the
     * network's magic and default port, no DNS seeds, our DAG height (the highest tip's) in {@code version}, and
     * {@code services} with {@link DagMessages#NODE_DAG_RECONCILIATION} when reconciling.
     */
    public PeerNetwork network(NetConfig config, long services, Random random) {
        DagParameters params = graph.params();
        long advertised = reconciler != null ? services | DagMessages.NODE_DAG_RECONCILIATION : services;
        return BitcoinNetworks.builder(params.name(), params.magic(), params.defaultPort(), List.of(), config,
                scheduler, graph::height, advertised, random).module(this).build();
    }

    @Override
    public String name() {
        return "dagtest inventory sync";
    }

    @Override
    public void registerMessages(MessageCodec.Builder codec) {
        register(codec);
        if (reconciler != null) {
            DagMessages.registerReconciliation(codec);
        }
    }

    @Override
    protected void registerHandlers(MessageDispatcher d) {
        InventorySync<DagBlock, DagGetBlocksMessage> sync = sync();
        d.on(DagInvMessage.class, (p, m) -> sync.onInv(NetworkSyncPeer.of(p), DagInventoryDialect.toInternal(m.items())));
        d.on(DagGetDataMessage.class,
                (p, m) -> sync.onGetData(NetworkSyncPeer.of(p), DagInventoryDialect.toInternal(m.items())));
        d.on(DagNotFoundMessage.class,
                (p, m) -> sync.onNotFound(NetworkSyncPeer.of(p), DagInventoryDialect.toInternal(m.items())));
        d.on(DagGetBlocksMessage.class, (p, m) -> sync.onGetBlocks(NetworkSyncPeer.of(p), m));
        d.on(DagBlockMessage.class, (p, m) -> sync.onBlock(NetworkSyncPeer.of(p), m.block()));
        d.on(TxMessage.class, (p, m) -> sync.onTransaction(NetworkSyncPeer.of(p), m.transaction()));
        if (reconciler != null) {
            d.on(DagTipsMessage.class, (p, m) -> reconciler.onTips(NetworkSyncPeer.of(p), m));
            d.on(GetDagRangeMessage.class, (p, m) -> reconciler.onGetRange(NetworkSyncPeer.of(p), m));
            d.on(DagRangeMessage.class, (p, m) -> reconciler.onRange(NetworkSyncPeer.of(p), m));
        }
    }

    /** Reconciliation hears of a peer first: a reconciling peer must not be chosen as sync peer. */
    @Override
    public void onPeerReady(Peer peer) {
        if (reconciler != null) {
            boolean reconciles = BitcoinPeer.of(peer).version().hasServices(DagMessages.NODE_DAG_RECONCILIATION);
            reconciler.onPeerReady(NetworkSyncPeer.of(peer), reconciles);
        }
        super.onPeerReady(peer);
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        if (reconciler != null) {
            reconciler.onPeerGone(NetworkSyncPeer.of(peer));
        }
        super.onPeerGone(peer, reason);
    }

    @Override
    public void stop() {
        super.stop();
        if (reconciler != null) {
            reconciler.stop();
        }
    }

    /** The reconciliation beside the sync, if installed. */
    public Optional<DagReconciler> reconciler() {
        return Optional.ofNullable(reconciler);
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
        sync().submitBlock(block);
        return block;
    }

    private List<Transaction> mempoolTransactions() {
        return sync().mempool().select(MAX_MINED_TRANSACTION_BYTES, tx -> !tx.hasWitness());
    }

    /** A block made here (by any miner): connected, stored and announced. Engine thread. */
    public Acceptance submitBlock(DagBlock block) {
        return sync().submitBlock(block);
    }

    /** A transaction made here: into the memory pool and announced; false when the pool refused it. Engine thread. */
    public boolean submitTransaction(Transaction tx) {
        return sync().submitTransaction(tx);
    }

    /** The DAG state now: tips, tips hash, min and max tip height, block count. Engine thread. */
    public DagState state() {
        return graph.state();
    }

    public DagBlockGraph graph() {
        return graph;
    }
}
