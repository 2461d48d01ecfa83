package dev.tributary.node.dag;

import dev.tributary.chain.BlockRejectReason;
import dev.tributary.validation.Verdict;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockValidator;
import dev.tributary.chain.Transaction;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.dag.store.DagStore;
import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.node.Node;
import dev.tributary.node.MiningService;
import dev.tributary.node.NodeService;
import dev.tributary.node.ServiceContext;
import dev.tributary.node.StoreKind;
import dev.tributary.store.KeyValueStore;
import dev.tributary.sync.inventory.DagBlockGraph;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import dev.tributary.sync.inventory.InventoryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dagtest} BlockDAG as a {@link NodeService}: its {@link DagStore} in the keyspace {@code dagtest} of the
 * node's store, and the dagtest network, Bitcoin's handshake with blocks-first inventory sync of the DAG
 * ({@link DagInventoryProtocol}). As a {@link MiningService}, the node's HTTP API serves it {@code POST /mine} and
 * {@code POST /transactions}; its section of {@code GET /status} is a {@link DagStatus}.
 *
 * <p>Engine thread only, but for {@link #mine}, {@link #mineBlocks}, {@link #submitTransaction}, {@link #state()}
 * and {@link #currentStatus}, which any thread may call.
 */
public final class DagService implements MiningService {
    private static final Logger log = LoggerFactory.getLogger(DagService.class);

    private final DagParameters params = DagParameters.DAGTEST;
    private final ServiceContext context;
    private final KeyValueStore keyspace;
    private final DagInventoryProtocol protocol;
    private final PeerNetwork network;
    /** Pushed in each coinbase: two nodes mining on the same tips in the same second make different blocks. */
    private final byte[] minerTag = new byte[8];

    private DagService(ServiceContext context, NetConfig net, InventoryConfig inventory, boolean reconcile) {
        this.context = context;
        Random random = new Random(context.random().nextLong());
        random.nextBytes(minerTag);
        this.keyspace = context.store().keyspace(params.name());
        DagBlockGraph graph = DagBlockGraph.open(DagStore.open(keyspace, params), params, context.engine(),
                NetConfig.PROTOCOL_VERSION);
        this.protocol = new DagInventoryProtocol(graph, context.engine(), inventory, random, reconcile);
        this.network = protocol.network(net, VersionMessage.NODE_NETWORK, random);
    }

    /** A service factory: dagtest with {@code inventory}'s settings, on the node's network settings. */
    public static NodeService.Factory factory(InventoryConfig inventory) {
        return factory(inventory, true);
    }

    /**
     * A service factory; {@code reconcile} false speaks soterd's messages alone (no tips exchange, no range
     * reconciliation), as a node without the extension would.
     */
    public static NodeService.Factory factory(InventoryConfig inventory, boolean reconcile) {
        return context -> new DagService(context, context.net(), inventory, reconcile);
    }

    /** {@link #factory} with dagtest's inventory settings. */
    public static NodeService.Factory factory() {
        return factory(InventoryConfig.forDag(DagParameters.DAGTEST));
    }

    /**
     * A node running the dagtest service alone: RocksDB (or memory) in {@code datadir}, {@code net}'s network
     * settings. Opens the store and the DAG, without starting the network.
     */
    public static Node node(Path datadir, StoreKind kind, NetConfig net, InventoryConfig inventory) {
        return Node.builder(datadir).storeKind(kind).net(net).service(factory(inventory)).build();
    }

    /** {@link #node} with dagtest's inventory settings. */
    public static Node node(Path datadir, StoreKind kind, NetConfig net) {
        return node(datadir, kind, net, InventoryConfig.forDag(DagParameters.DAGTEST));
    }

    /** The DAG service of {@code node}. */
    public static DagService of(Node node) {
        return node.service(DagService.class);
    }

    @Override
    public String name() {
        return params.name();
    }

    @Override
    public List<PeerNetwork> networks() {
        return List.of(network);
    }

    @Override
    public DagStatus status() {
        return DagStatus.of(protocol.state(), protocol.sync().mempool().size(),
                DagStatus.recent(protocol.graph().index()));
    }

    /**
     * The DAG's progress: {@code tributary_dag_blocks}, {@code tributary_dag_tips}, {@code tributary_dag_tip_height}
     * (highest tip), {@code tributary_dag_mempool_transactions}.
     */
    @Override
    public void meters(dev.tributary.node.ServiceMeters meters) {
        io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("network", name());
        meters.engineGauge("tributary.dag.blocks", "blocks of the DAG stored", null, tags,
                () -> protocol.state().blockCount());
        meters.engineGauge("tributary.dag.tips", "tips of the DAG", null, tags, () -> protocol.state().tips().size());
        meters.engineGauge("tributary.dag.tip.height", "height of the highest tip", null, tags,
                () -> protocol.state().maxTipHeight());
        meters.engineGauge("tributary.dag.mempool.transactions", "transactions in the memory pool", null, tags,
                () -> protocol.sync().mempool().size());
    }

    /** {@link #status()} read on the engine thread, from any thread. */
    public DagStatus currentStatus() {
        return context.calls().call(this::status);
    }

    @Override
    public java.util.Map<String, Object> peerActivity(dev.tributary.net.Peer peer) {
        var sync = protocol.sync();
        return java.util.Map.of("blocksInFlight", sync.requests().of(peer.id()).size(),
                "syncPeer", sync.syncPeer().map(p -> p.id() == peer.id()).orElse(false));
    }

    @Override
    public void stop() {
        protocol.stop();
    }

    @Override
    public void close() {
        keyspace.close();
    }

    /**
     * Mines {@code count} blocks, each on all current tips, and announces each to the peers; returns them. Each
     * block is mined in its own engine task, so peers' blocks that arrive meanwhile are taken in between. Any thread.
     */
    public List<DagBlock> mineBlocks(int count) {
        List<DagBlock> mined = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mined.add(context.calls().call(() -> protocol.mineBlock(minerTag)));
        }
        log.info("Mined {} block{}; {}", count, count == 1 ? "" : "s", DagLine.of(state()));
        return mined;
    }

    @Override
    public List<Hash> mine(int count) {
        return mineBlocks(count).stream().map(DagBlock::hash).toList();
    }

    /**
     * Puts {@code tx} in the memory pool and announces it. Any thread.
     *
     * @throws IllegalArgumentException naming the rule it breaks, or when the pool refuses it
     */
    @Override
    public Hash submitTransaction(Transaction tx) {
        Verdict<BlockRejectReason> verdict = BlockValidator.checkTransaction(tx);
        if (verdict.isRejected()) {
            throw new IllegalArgumentException("transaction " + tx.txid() + " breaks a rule: " + verdict.message());
        }
        if (!context.calls().call(() -> protocol.submitTransaction(tx))) {
            throw new IllegalArgumentException("transaction " + tx.txid()
                    + " is already known or the memory pool is full");
        }
        log.info("Transaction {} submitted", tx.txid());
        return tx.txid();
    }

    @Override
    public MinedTip tip() {
        DagState s = state();
        return MinedTip.ofDag(s.maxTipHeight(), s.tips().stream().map(Object::toString).toList(), s.tipsHash().toString());
    }

    /** The DAG state now. Any thread. */
    public DagState state() {
        return context.calls().call(protocol::state);
    }

    /** Engine thread only: the protocol (sync, memory pool, graph). */
    public DagInventoryProtocol protocol() {
        return protocol;
    }

    /** The dagtest network. */
    public PeerNetwork network() {
        return network;
    }
}
