package dev.tributary.testing;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.sync.ChainServer;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.headers.DownloadManager;
import dev.tributary.sync.headers.HeadersFirstService;
import dev.tributary.chain.store.InMemorySyncPersist;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.sync.headers.SyncCoordinator;
import dev.tributary.sync.SyncPeer;
import dev.tributary.chain.store.SyncPersist;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.wire.Message;
import dev.tributary.chain.message.NotFoundMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A syncing node without a network: a {@link ChainState} and the node's real {@link HeadersFirstService}
 * (the same object {@code net.HeadersFirstProtocol} adapts to a peer manager), with peers connected,
 * disconnected and heard from through plain method calls.
 *
 * <p>Messages come in through {@link #receive}, normally from a {@link RespondingPeer} that delivers them
 * as {@link ManualScheduler} timers, so a test steps virtual time and the whole exchange is deterministic.
 */
public final class SyncTestNode {
    /** The protocol version the node puts in {@code getheaders} (the network layer's own). */
    public static final int PROTOCOL_VERSION = 70015;

    private final ManualScheduler scheduler;
    private final ChainState chain;
    private final SyncConfig config;
    private final RecordingSyncListener events = new RecordingSyncListener();
    private final HeadersFirstService service;
    private final Map<Long, SyncPeer> peers = new LinkedHashMap<>();

    public SyncTestNode(ManualScheduler scheduler, ChainState chain, SyncConfig config) {
        this.scheduler = scheduler;
        this.chain = chain;
        this.config = config;
        chain.addListener(events);
        this.service = new HeadersFirstService(chain, scheduler, config, events, PROTOCOL_VERSION, this::connectedPeers);
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
        service.onPeerReady(peer);
    }

    /** A peer's connection closed. */
    public void peerGone(SyncPeer peer) {
        peers.remove(peer.id());
        service.onPeerGone(peer);
    }

    /** A peer's send queue drained. */
    public void writable(SyncPeer peer) {
        service.onWritable(peer);
    }

    /** A message from {@code peer}, routed as the network layer's dispatcher routes it. */
    public void receive(SyncPeer peer, Message m) {
        if (m instanceof HeadersMessage h) {
            service.onHeaders(peer, h);
        } else if (m instanceof InvMessage inv) {
            service.onInv(peer, inv);
        } else if (m instanceof BlockMessage b) {
            service.onBlock(peer, b);
        } else if (m instanceof NotFoundMessage nf) {
            service.onNotFound(peer, nf);
        } else if (m instanceof GetHeadersMessage gh) {
            service.onGetHeaders(peer, gh);
        } else if (m instanceof GetBlocksMessage gb) {
            service.onGetBlocks(peer, gb);
        } else if (m instanceof GetDataMessage gd) {
            service.onGetData(peer, gd);
        }
    }

    // ---- state -------------------------------------------------------------------------------------

    /**
     * True when nothing is left to do: no pass running or stashed, no download running, and (for a full
     * node) every block of the best header chain stored.
     */
    public boolean isIdleAndComplete() {
        SyncCoordinator coordinator = service.coordinator();
        return !coordinator.isSyncing() && coordinator.stashSize() == 0 && !service.downloads().isDownloading()
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

    public DownloadManager downloads() {
        return service.downloads();
    }

    public SyncCoordinator coordinator() {
        return service.coordinator();
    }

    public ChainServer server() {
        return service.server();
    }
}
