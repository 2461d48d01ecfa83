package dev.tributary.node;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockValidator;
import dev.tributary.chain.BlockVerdict;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagMessages;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.DagState;
import dev.tributary.dag.store.DagStore;
import dev.tributary.engine.EventLoop;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerManager;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import dev.tributary.sync.inventory.DagBlockGraph;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.chain.Transaction;
import dev.tributary.net.bitcoin.VersionMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of the {@code dagtest} BlockDAG network: the composition root that wires the store
 * ({@link DagStore} in RocksDB under {@code DIR/dag}, or in memory), the engine thread, the TCP transport
 * with dagtest's magic and messages, the peer manager and blocks-first inventory sync
 * ({@link DagInventoryProtocol}). The engine, transport and peer manager and their lifecycle are a
 * {@link NodeRuntime}, shared with {@link Node}. Everything stateful runs on the engine thread;
 * {@link #call(Supplier)} runs a query there. The Bitcoin networks have {@link Node}.
 */
public final class DagNode implements NodeApi, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DagNode.class);

    private final DagParameters params = DagParameters.DAGTEST;
    private final KeyValueStore store;
    private final NodeRuntime runtime;
    private final DagInventoryProtocol protocol;
    /** Pushed in each coinbase: two nodes mining on the same tips in the same second make different blocks. */
    private final byte[] minerTag = new byte[8];

    private DagNode(Path datadir, KeyValueStore store, NetConfig net, InventoryConfig inventory) {
        this.store = store;
        EventLoop engine = new EventLoop("engine-" + datadir.getFileName());
        SecureRandom random = new SecureRandom();
        random.nextBytes(minerTag);
        DagBlockGraph graph = DagBlockGraph.open(DagStore.open(store, params), params, engine, NetConfig.PROTOCOL_VERSION);
        this.runtime = new NodeRuntime(engine, net);
        this.protocol = new DagInventoryProtocol(graph, engine, inventory, random);
        runtime.peers().add(protocol.network(net, VersionMessage.NODE_NETWORK, random));
    }

    /**
     * Opens the node's store (RocksDB under {@code datadir/dag}, or memory) and its DAG, without starting the
     * network.
     */
    public static DagNode open(Path datadir, StoreKind kind, NetConfig net, InventoryConfig inventory) {
        KeyValueStore store = switch (kind) {
            case ROCKSDB -> RocksDbKeyValueStore.open(storeDirectory(datadir));
            case MEMORY -> new InMemoryKeyValueStore();
        };
        try {
            return new DagNode(datadir, store, net, inventory);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Where a DAG node keeps its RocksDB store in its data directory. */
    public static Path storeDirectory(Path datadir) {
        return datadir.resolve("dag");
    }

    /** {@link #open} with dagtest's inventory settings. */
    public static DagNode open(Path datadir, StoreKind kind, NetConfig net) {
        return open(datadir, kind, net, InventoryConfig.forDag(DagParameters.DAGTEST));
    }

    /** Starts listening and connecting; names the address when the listening socket cannot be bound. */
    public void start() throws IOException {
        runtime.start();
    }

    /**
     * Mines {@code count} blocks, each on all current tips, and announces each to the peers; returns them.
     * Each block is mined in its own engine task, so peers' blocks that arrive meanwhile are taken in between.
     */
    public List<DagBlock> mineBlocks(int count) {
        List<DagBlock> mined = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mined.add(call(() -> protocol.mineBlock(minerTag)));
        }
        DagState s = state();
        log.info("Mined {} block(s); {}", count, DagLine.of(s));
        return mined;
    }

    @Override
    public List<Hash> mine(int count) {
        return mineBlocks(count).stream().map(DagBlock::hash).toList();
    }

    /**
     * Puts {@code tx} in the memory pool and announces it.
     *
     * @throws IllegalArgumentException naming the rule it breaks, or when the pool refuses it
     */
    @Override
    public Hash submitTransaction(Transaction tx) {
        BlockVerdict verdict = BlockValidator.checkTransaction(tx);
        if (verdict.isRejected()) {
            throw new IllegalArgumentException("transaction " + tx.txid() + " breaks a rule: " + verdict.message());
        }
        if (!call(() -> protocol.submitTransaction(tx))) {
            throw new IllegalArgumentException("transaction " + tx.txid() + " is already known or the memory pool is full");
        }
        log.info("Transaction {} submitted", tx.txid());
        return tx.txid();
    }

    @Override
    public NodeStatus status() {
        return call(() -> {
            DagState s = protocol.state();
            return new NodeStatus("dag", new NodeProtocol.TipSummary(s.maxTipHeight(), s.tipsHash().toString(), null,
                    s.maxTipHeight()), runtime.peers().readyPeers().size(), protocol.sync().mempool().size(), s.blockCount(),
                    s);
        });
    }

    /** The DAG state now. */
    public DagState state() {
        return call(protocol::state);
    }

    /** Runs {@code query} on the engine thread and returns its result. */
    public <T> T call(Supplier<T> query) {
        return runtime.call(query);
    }

    /** Engine thread only: the protocol (sync, memory pool, graph). */
    public DagInventoryProtocol protocol() {
        return protocol;
    }

    /** Engine thread only: the peer manager. */
    public PeerManager peers() {
        return runtime.peers();
    }

    public InetSocketAddress listeningAddress() {
        return runtime.listeningAddress();
    }

    /** Disconnects, stops inventory sync's periodic check and the engine, and closes the store. Idempotent. */
    @Override
    public void close() {
        runtime.close(() -> protocol.sync().stop(), store::close);
    }
}
