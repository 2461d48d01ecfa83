package dev.tributary.node.chain;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.KeyValueSyncPersist;
import dev.tributary.chain.store.WriteBehindPersist;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.node.Node;
import dev.tributary.node.MiningService;
import dev.tributary.node.NodeService;
import dev.tributary.node.ServiceContext;
import dev.tributary.sync.LoggingSyncListener;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.headers.HeadersFirstProtocol;
import dev.tributary.sync.inventory.InventoryProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bitcoin-style chain as a {@link NodeService}: its {@link ChainState} in the keyspace named after the network
 * (behind the engine for header writes, on RocksDB), and its network, Bitcoin's handshake with the sync protocol
 * of the configured mode ({@link NodeProtocol}: headers-first or blocks-first). As a
 * {@link MiningService}, the node's HTTP API serves it {@code POST /mine} and {@code POST /transactions}; its
 * section of {@code GET /status} is a {@link ChainStatus}.
 *
 * <p>Engine thread only, but for {@link #mine}, {@link #submitTransaction}, {@link #mainTip}, {@link #blockTip},
 * {@link #currentStatus} and the write counters, which any thread may call.
 */
public final class ChainService implements MiningService {
    private static final Logger log = LoggerFactory.getLogger(ChainService.class);

    private final NodeConfig config;
    private final ServiceContext context;
    private final ChainState chain;
    private final BlockWriteCounter store;
    private final NodeProtocol protocol;
    private final PeerNetwork network;

    private ChainService(NodeConfig config, ServiceContext context, ChainState chain, BlockWriteCounter store,
            List<SyncListener> listeners) {
        this.config = config;
        this.context = context;
        this.chain = chain;
        this.store = store;
        List<SyncListener> all = new ArrayList<>(listeners);
        all.add(0, new LoggingSyncListener(context.engine()));
        SyncListener listener = SyncListener.composite(all);
        chain.addListener(listener);
        Random random = new Random(context.random().nextLong());
        Random mining = new Random(random.nextLong());
        this.protocol = switch (config.mode()) {
            case HEADERS -> new HeadersFirstMode(new HeadersFirstProtocol(chain, context.engine(), config.sync(),
                    listener), chain, context.engine(), config.sync().downloadBlocks(), mining);
            case BLOCKS -> new BlocksFirstMode(new InventoryProtocol(chain, context.engine(), config.inventory(), random),
                    chain, context.engine(), mining);
        };
        boolean full = config.fullNode();
        long services = full ? VersionMessage.NODE_NETWORK | VersionMessage.NODE_WITNESS : 0;
        this.network = BitcoinNetworks.forChain(config.network(), config.net(), context.engine(),
                () -> full ? chain.blockTip().height() : chain.mainTip().height(), services, random)
                .module(protocol.module()).build();
    }

    /** A service factory for the chain {@code config} describes (its network, mode, sync settings, start). */
    public static NodeService.Factory factory(NodeConfig config, List<SyncListener> listeners) {
        return context -> open(config, context, listeners);
    }

    private static ChainService open(NodeConfig config, ServiceContext context, List<SyncListener> listeners) {
        KeyValueSyncPersist.refuseAnotherNetworksStore(context.store(), context.existingKeyspaces(),
                config.network().name());
        KeyValueSyncPersist persist = KeyValueSyncPersist.open(context.store().keyspace(config.network().name()),
                config.network().name());
        // Header writes go behind the engine thread on disk (see WriteBehindPersist); reads and body writes wait.
        BlockWriteCounter store = new BlockWriteCounter(context.durable() ? new WriteBehindPersist(persist) : persist,
                persist.countBlocks());
        ChainState chain = ChainStores.openChain(store, config.network(), config.start());
        return new ChainService(config, context, chain, store, listeners);
    }

    /**
     * A node running this one chain, as {@code config} says: its data directory and store kind, its network
     * settings. Opens the store and the chain, without starting the network.
     */
    public static Node node(NodeConfig config, List<SyncListener> listeners) {
        return Node.builder(config.datadir()).storeKind(config.store()).net(config.net())
                .service(factory(config, listeners)).build();
    }

    /** The chain service of {@code node}. */
    public static ChainService of(Node node) {
        return node.service(ChainService.class);
    }

    @Override
    public String name() {
        return config.network().name();
    }

    @Override
    public List<PeerNetwork> networks() {
        return List.of(network);
    }

    /** The chain's network. */
    public PeerNetwork network() {
        return network;
    }

    public NodeConfig config() {
        return config;
    }

    @Override
    public ChainStatus status() {
        return new ChainStatus(protocol.name(), protocol.tip(), protocol.mempoolSize(), store.bodiesStored(),
                ChainStatus.recent(chain));
    }

    /**
     * Sync progress by network: {@code tributary_chain_header_height}, {@code tributary_chain_block_height},
     * {@code tributary_chain_blocks_missing} (headers without their block yet), {@code tributary_chain_current} (1
     * when nothing is left to fetch), {@code tributary_chain_mempool_transactions} and
     * {@code tributary_chain_blocks_stored_total}.
     */
    @Override
    public void meters(dev.tributary.node.ServiceMeters meters) {
        io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("network", name());
        meters.engineGauge("tributary.chain.header.height", "height of the best header chain", null, tags,
                () -> chain.mainTip().height());
        meters.engineGauge("tributary.chain.block.height", "height of the highest block stored with its ancestors",
                null, tags, () -> chain.blockTip().height());
        meters.engineGauge("tributary.chain.blocks.missing", "blocks of the best header chain not stored yet", null,
                tags, () -> Math.max(0, chain.mainTip().height() - chain.blockTip().height()));
        meters.engineGauge("tributary.chain.current", "1 when the node has what its peers have, else 0", null, tags,
                () -> protocol.isCurrent() ? 1 : 0);
        meters.engineGauge("tributary.chain.mempool.transactions", "transactions in the memory pool", null, tags,
                protocol::mempoolSize);
        meters.engineCounter("tributary.chain.blocks.stored", "blocks stored since the node started", null, tags,
                store::bodyWrites);
    }

    /** {@link #status()} read on the engine thread, from any thread. */
    public ChainStatus currentStatus() {
        return context.calls().call(this::status);
    }

    @Override
    public java.util.Map<String, Object> peerActivity(dev.tributary.net.Peer peer) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (protocol instanceof HeadersFirstMode m) {
            Integer inFlight = m.protocol().downloads().progress().inFlightPerPeer().get(peer.label());
            if (inFlight != null) {
                out.put("blocksInFlight", inFlight);
            }
        } else if (protocol instanceof BlocksFirstMode m) {
            var sync = m.protocol().sync();
            out.put("blocksInFlight", sync.requests().of(peer.id()).size());
            out.put("syncPeer", sync.syncPeer().map(p -> p.id() == peer.id()).orElse(false));
        }
        return out;
    }

    @Override
    public void stop() {
        protocol.stop();
    }

    @Override
    public void close() {
        chain.persist().close();
    }

    /** Engine thread only: the chain. */
    public ChainState chain() {
        return chain;
    }

    /** Engine thread only: the sync protocol, whichever the mode. */
    public NodeProtocol protocol() {
        return protocol;
    }

    /**
     * Engine thread only: headers-first sync and serving.
     *
     * @throws IllegalStateException when the chain syncs blocks-first
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
     * @throws IllegalStateException when the chain syncs headers-first
     */
    public InventoryProtocol inventory() {
        if (protocol instanceof BlocksFirstMode m) {
            return m.protocol();
        }
        throw new IllegalStateException("this node syncs " + protocol.name() + "-first, not blocks-first");
    }

    /** A new {@link SyncGoal} of the chain's mode, for one {@link SyncCompletion} watch. Engine thread. */
    SyncGoal newSyncGoal() {
        return switch (config.mode()) {
            case HEADERS -> SyncGoal.headersFirst((HeadersFirstMode) protocol, chain, config.sync().downloadBlocks());
            case BLOCKS -> SyncGoal.blocksFirst(protocol, chain, context.engine());
        };
    }

    /**
     * Mines {@code count} blocks on the best stored block and announces them (see {@link NodeProtocol#mine}). Any
     * thread: one engine task.
     *
     * @return their hashes, lowest first
     * @throws IllegalArgumentException when this network cannot be mined here
     */
    @Override
    public List<Hash> mine(int count) {
        List<Hash> mined = context.calls().call(() -> protocol.mine(count));
        log.info("Mined {} block{}, last {}", mined.size(), mined.size() == 1 ? "" : "s",
                mined.isEmpty() ? "-" : mined.get(mined.size() - 1));
        return mined;
    }

    /**
     * Submits a transaction made elsewhere: into the memory pool and announced. Any thread.
     *
     * @throws IllegalArgumentException       naming why it was refused
     * @throws UnsupportedOperationException when the chain keeps no memory pool (headers-first)
     */
    @Override
    public Hash submitTransaction(Transaction tx) {
        Hash txid = context.calls().call(() -> protocol.submitTransaction(tx));
        log.info("Transaction {} submitted", txid);
        return txid;
    }

    @Override
    public MinedTip tip() {
        NodeProtocol.TipSummary tip = context.calls().call(protocol::tip);
        return MinedTip.ofChain(tip.height(), tip.tip());
    }

    /** The best header chain's tip. Any thread. */
    public HeaderSyncData mainTip() {
        return context.calls().call(chain::mainTip);
    }

    /** The highest block stored with all its ancestors. Any thread. */
    public HeaderSyncData blockTip() {
        return context.calls().call(chain::blockTip);
    }

    /** Block bodies written to the store since it was opened (genesis included for a new store). Any thread. */
    public long blockBodiesWritten() {
        return store.bodyWrites();
    }

    /** Bytes of the block bodies written to the store since it was opened. Any thread. */
    public long blockBytesWritten() {
        return store.bodyBytes();
    }
}
