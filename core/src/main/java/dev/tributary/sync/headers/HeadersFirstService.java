package dev.tributary.sync.headers;

import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.ChainServer;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.chain.message.NotFoundMessage;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headers-first sync and chain serving as one service that reacts to peer events: it owns the
 * {@link HeaderRequests}, {@link DownloadManager}, {@link HeadersFirstSync}, {@link SyncCoordinator},
 * {@link ChainServer} and {@link TipAnnouncer}, and routes what peers send to them. The network layer
 * adapts its peers and dispatcher to it ({@code net.HeadersFirstProtocol}); tests drive it with fake peers
 * and virtual time, running exactly the logic a node runs.
 *
 * <pre>
 *  handshake              -> download manager gains a peer; SyncFromPeer(peer)
 *  inv(block) / headers   -> unknown: SyncFromPeer(peer, hash); known: the peer has it (download manager),
 *                            and a pass may start if bodies are missing
 *  headers (requested)    -> the pending getheaders of the pass
 *  block / notfound       -> the download manager; an unrequested block counts as an announcement
 *  getheaders / getblocks / getdata -> the chain server
 * </pre>
 *
 * Engine thread only.
 */
public final class HeadersFirstService {
    private static final Logger log = LoggerFactory.getLogger(HeadersFirstService.class);
    /** Core's MAX_UNCONNECTING_HEADERS: unconnecting announcements in a row before a penalty. */
    static final int MAX_UNCONNECTING_HEADERS = 10;
    /** Core's penalty for them. */
    static final int UNCONNECTING_HEADERS_PENALTY = 20;

    private final ChainState chain;
    private final HeaderRequests headerRequests;
    private final DownloadManager downloads;
    private final HeadersFirstSync sync;
    private final SyncCoordinator coordinator;
    private final ChainServer server;
    /** Per peer, announcements in a row whose first header did not connect. */
    private final Map<Long, Integer> unconnecting = new HashMap<>();

    /**
     * @param protocolVersion the version put in {@code getheaders}
     * @param peers           the handshaked peers, for tip announcements
     */
    public HeadersFirstService(ChainState chain, Scheduler scheduler, SyncConfig config, SyncListener listener,
            int protocolVersion, Supplier<Collection<? extends SyncPeer>> peers) {
        this.chain = chain;
        this.headerRequests = new HeaderRequests(scheduler, config.headersTimeoutMillis(), protocolVersion);
        TipAnnouncer announcer = new TipAnnouncer(scheduler, peers, config.downloadBlocks());
        SyncListener all = SyncListener.composite(List.of(listener, announcer));
        chain.addListener(announcer);
        this.downloads = new DownloadManager(chain, scheduler, config, all);
        this.sync = new HeadersFirstSync(chain, scheduler, config, all);
        this.coordinator = new SyncCoordinator(sync, p -> new PeerSyncDataProvider(p, headerRequests, downloads), chain,
                scheduler, config.downloadBlocks());
        this.server = new ChainServer(chain, scheduler, config.downloadBlocks());
    }

    // ---- peer lifecycle ----------------------------------------------------------------------------

    /** A peer completed its handshake. */
    public void onPeerReady(SyncPeer peer) {
        downloads.addPeer(peer);
        coordinator.syncFromPeer(peer, null);
    }

    /** A handshaked peer disconnected. */
    public void onPeerGone(SyncPeer peer) {
        unconnecting.remove(peer.id());
        headerRequests.onPeerGone(peer);
        sync.onPeerGone(peer);
        downloads.removePeer(peer);
        server.onPeerGone(peer);
        coordinator.onPeerGone(peer);
    }

    /** A peer's send queue drained. */
    public void onWritable(SyncPeer peer) {
        server.onWritable(peer);
    }

    // ---- messages ----------------------------------------------------------------------------------

    public void onHeaders(SyncPeer peer, HeadersMessage m) {
        if (headerRequests.onHeaders(peer, m) || m.headers().isEmpty()) {
            return;
        }
        // Unsolicited: an announcement of new blocks (BIP 130).
        countUnconnecting(peer, m.headers().get(0));
        BlockHeader last = m.headers().get(m.headers().size() - 1);
        announced(peer, last.hash());
    }

    /**
     * Bitcoin Core's rule for announcements whose first header has an unknown parent: normal when several
     * blocks were found at once (the pass that follows fetches the headers in between), so not punished
     * one by one; but every {@link #MAX_UNCONNECTING_HEADERS}th in a row costs
     * {@link #UNCONNECTING_HEADERS_PENALTY} points. An announcement that connects resets the count.
     */
    private void countUnconnecting(SyncPeer peer, BlockHeader first) {
        if (chain.index().contains(first.prevHash())) {
            unconnecting.remove(peer.id());
            return;
        }
        int n = unconnecting.merge(peer.id(), 1, Integer::sum);
        log.debug("{} announced {} whose parent {} is unknown ({} in a row)", peer.label(), first.hash(),
                first.prevHash(), n);
        if (n % MAX_UNCONNECTING_HEADERS == 0) {
            peer.misbehave(UNCONNECTING_HEADERS_PENALTY, n + " header announcements that do not connect");
        }
    }

    public void onInv(SyncPeer peer, InvMessage m) {
        Hash lastUnknown = null;
        Hash lastKnown = null;
        for (InventoryItem item : m.items()) {
            if (!item.isBlock()) {
                continue;
            }
            Optional<HeaderSyncData> known = chain.index().get(item.hash());
            if (known.isPresent()) {
                downloads.onBlockAnnounced(peer, known.get().height());
                lastKnown = item.hash();
            } else {
                lastUnknown = item.hash();
            }
        }
        Hash last = lastUnknown != null ? lastUnknown : lastKnown;
        if (last != null) {
            // For a known block the coordinator skips, unless bodies are still missing: then it is a chance
            // to fetch them from a peer that has them.
            coordinator.syncFromPeer(peer, last);
        }
    }

    public void onBlock(SyncPeer peer, BlockMessage m) {
        if (downloads.onBlock(peer, m.block())) {
            peer.noteNovelBlock();
            return;
        }
        // A block pushed without announcement: treat it as one (fetch its headers if unknown).
        announced(peer, m.block().hash());
    }

    private void announced(SyncPeer peer, Hash hash) {
        chain.index().get(hash).ifPresent(known -> downloads.onBlockAnnounced(peer, known.height()));
        coordinator.syncFromPeer(peer, hash);
    }

    public void onNotFound(SyncPeer peer, NotFoundMessage m) {
        downloads.onNotFound(peer, m.items());
    }

    public void onGetHeaders(SyncPeer peer, GetHeadersMessage m) {
        server.onGetHeaders(peer, m);
    }

    public void onGetBlocks(SyncPeer peer, GetBlocksMessage m) {
        server.onGetBlocks(peer, m);
    }

    public void onGetData(SyncPeer peer, GetDataMessage m) {
        server.onGetData(peer, m);
    }

    // ---- state -------------------------------------------------------------------------------------

    public ChainState chain() {
        return chain;
    }

    public SyncCoordinator coordinator() {
        return coordinator;
    }

    public DownloadManager downloads() {
        return downloads;
    }

    public ChainServer server() {
        return server;
    }

    /** The header sync itself, with its low-work presyncs. */
    public HeadersFirstSync headerSync() {
        return sync;
    }
}
