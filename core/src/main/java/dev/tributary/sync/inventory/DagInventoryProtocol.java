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
import dev.tributary.engine.Scheduler;
import dev.tributary.net.MessageDispatcher;
import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.wire.MessageCodec;
import java.util.List;
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
 * </table>
 *
 * Outgoing messages are spelt by the graph's {@link DagInventoryDialect}. {@code getheaders} and
 * {@code headers} are not handled: dagtest has no headers sync. The peer manager must run over a transport
 * built with {@link DagParameters#magic()} and {@code DagInventoryProtocol.codec()}; {@link #peerManager} makes one
 * announcing our DAG height in {@code version}. Engine thread only.
 */
public final class DagInventoryProtocol extends InventoryModule<DagBlock, DagGetBlocksMessage> {
    /** Most bytes of memory-pool transactions a block mined here takes (besides its coinbase). */
    static final int MAX_MINED_TRANSACTION_BYTES = 1_000_000;

    private static final MessageCodec CODEC = register(BitcoinMessages.register(MessageCodec.builder())).build();

    private final DagBlockGraph graph;
    private final Scheduler scheduler;
    private final DagMiner miner;

    public DagInventoryProtocol(DagBlockGraph graph, Scheduler scheduler, InventoryConfig config, Random random) {
        super(graph, scheduler, config, random);
        this.graph = graph;
        this.scheduler = scheduler;
        this.miner = new DagMiner(graph.params());
    }

    /**
     * The codec of dagtest connections: Bitcoin's control messages, {@code tx} and the dagtest block-sync
     * messages ({@link DagMessages}); for tools and tests that speak dagtest without a node.
     */
    public static MessageCodec codec() {
        return CODEC;
    }

    private static MessageCodec.Builder register(MessageCodec.Builder codec) {
        return DagMessages.register(ChainMessages.registerTransactions(codec));
    }

    /**
     * A dagtest network with this protocol installed over Bitcoin's handshake, ping and address gossip: the
     * network's magic and default port, no DNS seeds, our DAG height (the highest tip's) in {@code version}.
     */
    public PeerNetwork network(NetConfig config, long services, Random random) {
        DagParameters params = graph.params();
        return BitcoinNetworks.builder(params.name(), params.magic(), params.defaultPort(), List.of(), config,
                scheduler, graph::height, services, random).module(this).build();
    }

    @Override
    public String name() {
        return "dagtest inventory sync";
    }

    @Override
    public void registerMessages(MessageCodec.Builder codec) {
        register(codec);
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
