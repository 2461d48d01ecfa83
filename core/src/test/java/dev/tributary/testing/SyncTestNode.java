package dev.tributary.testing;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.sync.ChainServer;
import dev.tributary.sync.ChainState;
import dev.tributary.sync.DownloadManager;
import dev.tributary.sync.HeaderRequests;
import dev.tributary.sync.HeadersFirstSync;
import dev.tributary.sync.InMemorySyncPersist;
import dev.tributary.sync.PeerSyncDataProvider;
import dev.tributary.sync.SyncConfig;
import dev.tributary.sync.SyncCoordinator;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.sync.SyncPersist;
import dev.tributary.sync.TipAnnouncer;
import dev.tributary.wire.BlockHeader;
import dev.tributary.wire.BlockMessage;
import dev.tributary.wire.GetBlocksMessage;
import dev.tributary.wire.GetDataMessage;
import dev.tributary.wire.GetHeadersMessage;
import dev.tributary.wire.HeadersMessage;
import dev.tributary.wire.InvMessage;
import dev.tributary.wire.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.wire.NotFoundMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A syncing node without a network: a {@link ChainState} with the real {@link HeaderRequests},
 * {@link DownloadManager}, {@link HeadersFirstSync}, {@link SyncCoordinator}, {@link ChainServer} and
 * {@link TipAnnouncer}, wired and routed exactly as {@code net.HeadersFirstProtocol} wires them into a
 * peer manager:
 *
 * <pre>
 *  connect(peer)          -> download manager gains the peer; SyncFromPeer(peer)
 *  inv(block) / headers   -> unknown: SyncFromPeer(peer, hash); known: the peer's best height rises
 *  headers (requested)    -> the pending getheaders of the pass
 *  block / notfound       -> the download manager
 *  getheaders / getblocks / getdata -> the chain server
 *  peerGone(peer)         -> every component forgets the peer
 * </pre>
 *
 * Messages come in through {@link #receive}, normally from a {@link RespondingPeer} that delivers them as
 * {@link ManualScheduler} timers, so a test steps virtual time and the whole exchange is deterministic.
 */
public final class SyncTestNode {
    /** The protocol version the node puts in {@code getheaders} (the network layer's own). */
    public static final int PROTOCOL_VERSION = 70015;

    private final ManualScheduler scheduler;
    private final ChainState chain;
    private final SyncConfig config;
    private final RecordingSyncListener events = new RecordingSyncListener();
    private final HeaderRequests headerRequests;
    private final DownloadManager downloads;
    private final HeadersFirstSync sync;
    private final SyncCoordinator coordinator;
    private final ChainServer server;
    private final Map<Long, SyncPeer> peers = new LinkedHashMap<>();

    public SyncTestNode(ManualScheduler scheduler, ChainState chain, SyncConfig config) {
        this.scheduler = scheduler;
        this.chain = chain;
        this.config = config;
        this.headerRequests = new HeaderRequests(scheduler, config.headersTimeoutMillis(), PROTOCOL_VERSION);
        TipAnnouncer announcer = new TipAnnouncer(scheduler, this::connectedPeers, config.downloadBlocks());
        SyncListener all = SyncListener.composite(List.of(events, announcer));
        chain.addListener(events);
        chain.addListener(announcer);
        this.downloads = new DownloadManager(chain, scheduler, config, all);
        this.sync = new HeadersFirstSync(chain, scheduler, config, all);
        this.coordinator = new SyncCoordinator(sync, p -> new PeerSyncDataProvider(p, headerRequests, downloads), chain,
                scheduler, config.downloadBlocks());
        this.server = new ChainServer(chain, scheduler, config.downloadBlocks());
    }

    /** A node on a fresh in-memory regtest store, at genesis. */
    public static SyncTestNode regtest(ManualScheduler scheduler, SyncConfig config) {
        return open(scheduler, InMemorySyncPersist.create("regtest"), config);
    }

    /** A node over {@code persist} (a new store starts at genesis; a used one resumes where it was). */
    public static SyncTestNode open(ManualScheduler scheduler, SyncPersist persist, SyncConfig config) {
        return new SyncTestNode(scheduler, ChainState.open(NetworkParameters.REGTEST, persist, Optional.empty()), config);
    }

    // ---- network events ----------------------------------------------------------------------------

    /** A peer finished its handshake. */
    public void connect(SyncPeer peer) {
        peers.put(peer.id(), peer);
        downloads.addPeer(peer);
        coordinator.syncFromPeer(peer, null);
    }

    /** A peer's connection closed. */
    public void peerGone(SyncPeer peer) {
        peers.remove(peer.id());
        headerRequests.onPeerGone(peer);
        downloads.removePeer(peer);
        server.onPeerGone(peer);
        coordinator.onPeerGone(peer);
    }

    /** A peer's send queue drained. */
    public void writable(SyncPeer peer) {
        server.onWritable(peer);
    }

    /** A message from {@code peer}, routed as the network layer routes it. */
    public void receive(SyncPeer peer, Message m) {
        if (m instanceof HeadersMessage h) {
            onHeaders(peer, h);
        } else if (m instanceof InvMessage inv) {
            onInv(peer, inv);
        } else if (m instanceof BlockMessage b) {
            onBlock(peer, b);
        } else if (m instanceof NotFoundMessage nf) {
            downloads.onNotFound(peer, nf.items());
        } else if (m instanceof GetHeadersMessage gh) {
            server.onGetHeaders(peer, gh);
        } else if (m instanceof GetBlocksMessage gb) {
            server.onGetBlocks(peer, gb);
        } else if (m instanceof GetDataMessage gd) {
            server.onGetData(peer, gd);
        }
    }

    private void onHeaders(SyncPeer peer, HeadersMessage m) {
        if (headerRequests.onHeaders(peer, m) || m.headers().isEmpty()) {
            return;
        }
        BlockHeader last = m.headers().get(m.headers().size() - 1);
        announced(peer, last.hash());
    }

    private void onInv(SyncPeer peer, InvMessage m) {
        Hash lastUnknown = null;
        for (InventoryItem item : m.items()) {
            if (!item.isBlock()) {
                continue;
            }
            Optional<HeaderSyncData> known = chain.index().get(item.hash());
            if (known.isPresent()) {
                advanced(peer, known.get().height());
            } else {
                lastUnknown = item.hash();
            }
        }
        if (lastUnknown != null) {
            coordinator.syncFromPeer(peer, lastUnknown);
        }
    }

    private void announced(SyncPeer peer, Hash hash) {
        Optional<HeaderSyncData> known = chain.index().get(hash);
        if (known.isPresent()) {
            advanced(peer, known.get().height());
        } else {
            coordinator.syncFromPeer(peer, hash);
        }
    }

    private void onBlock(SyncPeer peer, BlockMessage m) {
        if (downloads.onBlock(peer, m.block())) {
            return;
        }
        Optional<HeaderSyncData> known = chain.index().get(m.block().hash());
        if (known.isEmpty()) {
            coordinator.syncFromPeer(peer, m.block().hash());
        } else {
            advanced(peer, known.get().height());
        }
    }

    private void advanced(SyncPeer peer, int height) {
        downloads.onBlockAnnounced(peer, height);
    }

    // ---- state -------------------------------------------------------------------------------------

    /**
     * True when nothing is left to do: no pass running or stashed, no download running, and (for a full
     * node) every block of the best header chain stored.
     */
    public boolean isIdleAndComplete() {
        return !coordinator.isSyncing() && coordinator.stashSize() == 0 && !downloads.isDownloading()
                && (!config.downloadBlocks() || chain.blocksComplete());
    }

    /** Steps virtual time until {@link #isIdleAndComplete()} or {@code maxMillis} passed; returns whether it is. */
    public boolean runUntilSynced(long maxMillis) {
        return scheduler.runUntil(this::isIdleAndComplete, maxMillis);
    }

    public List<SyncPeer> connectedPeers() {
        List<SyncPeer> out = new ArrayList<>();
        for (SyncPeer p : peers.values()) {
            if (p.isConnected()) {
                out.add(p);
            }
        }
        return out;
    }

    public ManualScheduler scheduler() {
        return scheduler;
    }

    public ChainState chain() {
        return chain;
    }

    public SyncConfig config() {
        return config;
    }

    public RecordingSyncListener events() {
        return events;
    }

    public HeaderRequests headerRequests() {
        return headerRequests;
    }

    public DownloadManager downloads() {
        return downloads;
    }

    public HeadersFirstSync sync() {
        return sync;
    }

    public SyncCoordinator coordinator() {
        return coordinator;
    }

    public ChainServer server() {
        return server;
    }
}
