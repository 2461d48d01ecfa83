package dev.tributary.node;

import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.EventLoop;
import dev.tributary.sync.headers.HeadersFirstProtocol;
import dev.tributary.sync.inventory.InventoryProtocol;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerManager;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.LoggingSyncListener;
import dev.tributary.sync.SyncListener;
import dev.tributary.chain.Transaction;
import dev.tributary.wire.MessageCodec;
import dev.tributary.net.bitcoin.VersionMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A Tributary node: the composition root that wires the store, the chain, the engine thread, the TCP
 * transport, the peer manager and the sync protocol (a {@link NodeProtocol}: headers-first or blocks-first, by
 * {@link NodeConfig#mode()}) together. The engine, transport and peer manager and their lifecycle are a
 * {@link NodeRuntime}, shared with {@link DagNode}; this class adds the chain and the protocol. Everything stateful runs
 * on the node's engine thread; {@link #call(Supplier)} runs a query there, and the local entry points
 * ({@link #mine}, {@link #submitTransaction}, {@link #status}) go through it, so any thread may call them.
 */
public final class Node implements NodeApi, AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Node.class);
    private final NodeConfig config;
    private final NodeRuntime runtime;
    private final ChainState chain;
    private final PeerManager peers;
    private final BlockWriteCounter store;
    private final NodeProtocol protocol;

    private Node(NodeConfig config, ChainState chain, BlockWriteCounter store, EventLoop engine,
            List<SyncListener> listeners) {
        this.config = config;
        this.chain = chain;
        this.store = store;
        boolean full = config.fullNode();
        long services = full ? VersionMessage.NODE_NETWORK | VersionMessage.NODE_WITNESS : 0;
        this.runtime = new NodeRuntime(engine, config.net());
        this.peers = runtime.peers();
        List<SyncListener> all = new ArrayList<>(listeners);
        all.add(0, new LoggingSyncListener(engine));
        SyncListener listener = SyncListener.composite(all);
        chain.addListener(listener);
        this.protocol = install(listener);
        SecureRandom random = new SecureRandom();
        peers.add(BitcoinNetworks.forChain(config.network(), config.net(), engine,
                () -> full ? chain.blockTip().height() : chain.mainTip().height(), services, random)
                .module(protocol.module()).build());
    }

    /** The sync protocol of the configured mode; a network of another kind adds its own case here. */
    private NodeProtocol install(SyncListener listener) {
        EventLoop engine = runtime.engine();
        return switch (config.mode()) {
            case HEADERS -> new HeadersFirstMode(new HeadersFirstProtocol(chain, engine, config.sync(), listener),
                    chain, engine, config.sync().downloadBlocks());
            case BLOCKS -> new BlocksFirstMode(new InventoryProtocol(chain, engine, config.inventory(),
                    new SecureRandom()), chain, engine);
        };
    }

    /**
     * A new {@link SyncGoal} of the node's mode, for one {@link SyncCompletion} watch; chosen here, where the
     * protocol is, and a network of another kind adds its own case here too.
     */
    SyncGoal newSyncGoal() {
        return switch (config.mode()) {
            case HEADERS -> SyncGoal.headersFirst((HeadersFirstMode) protocol, chain, config.sync().downloadBlocks());
            case BLOCKS -> SyncGoal.blocksFirst(protocol, chain, runtime.engine());
        };
    }

    /**
     * Opens the node's store and chain, without starting the network. Fails with a one-line message when
     * the data directory cannot be used.
     */
    public static Node open(NodeConfig config, List<SyncListener> listeners) {
        BlockWriteCounter store = new BlockWriteCounter(
                ChainStores.openPersist(config.store(), config.datadir(), config.network()));
        ChainState chain = ChainStores.openChain(store, config.network(), config.start());
        EventLoop engine = new EventLoop("engine-" + config.datadir().getFileName());
        return new Node(config, chain, store, engine, listeners);
    }

    /**
     * Starts listening and connecting.
     *
     * @throws IOException naming the address when the listening socket cannot be bound
     */
    public void start() throws IOException {
        runtime.start();
    }

    public NodeConfig config() {
        return config;
    }

    /** Runs {@code query} on the engine thread and returns its result. */
    public <T> T call(Supplier<T> query) {
        return runtime.call(query);
    }

    /** Runs {@code task} on the engine thread, without waiting. */
    public void execute(Runnable task) {
        runtime.execute(task);
    }

    public EventLoop engine() {
        return runtime.engine();
    }

    /** Engine thread only: the chain. */
    public ChainState chain() {
        return chain;
    }

    /** Engine thread only: the peer manager. */
    public PeerManager peers() {
        return peers;
    }

    /** Engine thread only: the sync protocol, whichever the mode. */
    public NodeProtocol protocol() {
        return protocol;
    }

    /**
     * Engine thread only: headers-first sync and serving.
     *
     * @throws IllegalStateException when the node runs another mode
     */
    public HeadersFirstProtocol headersFirst() {
        if (protocol instanceof HeadersFirstMode m) {
            return m.protocol();
        }
        throw new IllegalStateException("this node syncs " + protocol.name() + "-first, not headers-first");
    }

    /**
     * Engine thread only: blocks-first inventory sync, relay and memory pool.
     *
     * @throws IllegalStateException when the node runs another mode
     */
    public InventoryProtocol inventory() {
        if (protocol instanceof BlocksFirstMode m) {
            return m.protocol();
        }
        throw new IllegalStateException("this node syncs " + protocol.name() + "-first, not blocks-first");
    }

    /**
     * Mines {@code count} blocks on the best stored block and announces them (see {@link NodeProtocol#mine}).
     *
     * @return their hashes, lowest first
     * @throws IllegalArgumentException when this network cannot be mined here
     */
    @Override
    public List<Hash> mine(int count) {
        List<Hash> mined = call(() -> protocol.mine(count));
        log.info("Mined {} block(s), last {}", mined.size(), mined.isEmpty() ? "-" : mined.get(mined.size() - 1));
        return mined;
    }

    /**
     * Submits a transaction made elsewhere: into the memory pool and announced.
     *
     * @return its txid
     * @throws IllegalArgumentException       naming why it was refused
     * @throws UnsupportedOperationException when the node keeps no memory pool (headers-first)
     */
    @Override
    public Hash submitTransaction(Transaction tx) {
        Hash txid = call(() -> protocol.submitTransaction(tx));
        log.info("Transaction {} submitted", txid);
        return txid;
    }

    /** What the node has, in one consistent read on the engine thread. */
    @Override
    public NodeStatus status() {
        return call(() -> new NodeStatus(protocol.name(), protocol.tip(), peers.readyPeers().size(),
                protocol.mempoolSize(), store.bodyWrites()));
    }

    /** Block bodies written to the store since it was opened (genesis included for a new store). Any thread. */
    public long blockBodiesWritten() {
        return store.bodyWrites();
    }

    /** Bytes of the block bodies written to the store since it was opened. Any thread. */
    public long blockBytesWritten() {
        return store.bodyBytes();
    }

    public void addPeerListener(PeerListener listener) {
        peers.addListener(listener);
    }

    public InetSocketAddress listeningAddress() {
        return runtime.listeningAddress();
    }

    /** The best header chain's tip. */
    public HeaderSyncData mainTip() {
        return call(chain::mainTip);
    }

    /** The highest block stored with all its ancestors. */
    public HeaderSyncData blockTip() {
        return call(chain::blockTip);
    }

    /** Disconnects, stops the protocol's timers and the engine, and closes the store. Idempotent. */
    @Override
    public void close() {
        runtime.close(protocol::stop, () -> chain.persist().close());
    }
}
