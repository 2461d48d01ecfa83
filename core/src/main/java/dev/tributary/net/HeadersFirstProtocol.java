package dev.tributary.net;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.ChainServer;
import dev.tributary.sync.ChainState;
import dev.tributary.sync.DownloadManager;
import dev.tributary.sync.HeaderRequests;
import dev.tributary.sync.HeadersFirstSync;
import dev.tributary.sync.PeerSyncDataProvider;
import dev.tributary.sync.SyncConfig;
import dev.tributary.sync.SyncCoordinator;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.TipAnnouncer;
import dev.tributary.wire.BlockHeader;
import dev.tributary.wire.BlockMessage;
import dev.tributary.wire.GetBlocksMessage;
import dev.tributary.wire.GetDataMessage;
import dev.tributary.wire.GetHeadersMessage;
import dev.tributary.wire.HeadersMessage;
import dev.tributary.wire.InvMessage;
import dev.tributary.wire.InventoryItem;
import dev.tributary.wire.NotFoundMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs headers-first chain sync and chain serving into a {@link PeerManager}: registers the message
 * handlers, raises {@code SyncFromPeer} on handshake and on announcements of unknown blocks, feeds peers
 * to the download manager, and announces new tips.
 *
 * <pre>
 *  handshake              -> download manager gains a peer; SyncFromPeer(peer)
 *  inv(block) / headers   -> unknown: SyncFromPeer(peer, hash); known: the peer's best height rises;
 *                            every 10th unsolicited headers in a row that does not connect: 20 points
 *  headers (requested)    -> the pending getheaders of the pass
 *  block / notfound       -> the download manager
 *  getheaders / getblocks / getdata -> the chain server
 * </pre>
 *
 * Engine thread only.
 */
public final class HeadersFirstProtocol implements PeerListener {
    private static final Logger log = LoggerFactory.getLogger(HeadersFirstProtocol.class);
    /** Core's MAX_UNCONNECTING_HEADERS: unconnecting announcements in a row before a penalty. */
    static final int MAX_UNCONNECTING_HEADERS = 10;
    /** Core's penalty for them. */
    static final int UNCONNECTING_HEADERS_PENALTY = 20;

    private final ChainState chain;
    /** Per peer, announcements in a row whose first header did not connect. */
    private final Map<Long, Integer> unconnecting = new HashMap<>();
    private final HeaderRequests headerRequests;
    private final DownloadManager downloads;
    private final HeadersFirstSync sync;
    private final SyncCoordinator coordinator;
    private final ChainServer server;

    private HeadersFirstProtocol(ChainState chain, PeerManager peers, Scheduler scheduler, SyncConfig config,
            SyncListener listener) {
        this.chain = chain;
        this.headerRequests = new HeaderRequests(scheduler, config.headersTimeoutMillis(), NetConfig.PROTOCOL_VERSION);
        TipAnnouncer announcer = new TipAnnouncer(scheduler, peers::readyPeers, config.downloadBlocks());
        SyncListener all = SyncListener.composite(List.of(listener, announcer));
        chain.addListener(announcer);
        this.downloads = new DownloadManager(chain, scheduler, config, all);
        this.sync = new HeadersFirstSync(chain, scheduler, config, all);
        this.coordinator = new SyncCoordinator(sync, p -> new PeerSyncDataProvider(p, headerRequests, downloads), chain,
                scheduler, config.downloadBlocks());
        this.server = new ChainServer(chain, scheduler, config.downloadBlocks());
    }

    /** Installs the protocol on {@code peers}; returns it for inspection (state, progress). */
    public static HeadersFirstProtocol install(PeerManager peers, ChainState chain, Scheduler scheduler,
            SyncConfig config, SyncListener listener) {
        HeadersFirstProtocol p = new HeadersFirstProtocol(chain, peers, scheduler, config, listener);
        MessageDispatcher d = peers.dispatcher();
        d.on(HeadersMessage.class, p::onHeaders);
        d.on(InvMessage.class, p::onInv);
        d.on(BlockMessage.class, p::onBlock);
        d.on(NotFoundMessage.class, (peer, m) -> p.downloads.onNotFound(peer, m.items()));
        d.on(GetHeadersMessage.class, p.server::onGetHeaders);
        d.on(GetBlocksMessage.class, p.server::onGetBlocks);
        d.on(GetDataMessage.class, p.server::onGetData);
        peers.addListener(p);
        return p;
    }

    @Override
    public void onPeerReady(Peer peer) {
        downloads.addPeer(peer);
        coordinator.syncFromPeer(peer, null);
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        unconnecting.remove(peer.id());
        headerRequests.onPeerGone(peer);
        sync.onPeerGone(peer);
        downloads.removePeer(peer);
        server.onPeerGone(peer);
        coordinator.onPeerGone(peer);
    }

    @Override
    public void onPeerWritable(Peer peer) {
        server.onWritable(peer);
    }

    private void onHeaders(Peer peer, HeadersMessage m) {
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
    private void countUnconnecting(Peer peer, BlockHeader first) {
        if (chain.index().contains(first.prevHash())) {
            unconnecting.remove(peer.id());
            return;
        }
        int n = unconnecting.merge(peer.id(), 1, Integer::sum);
        log.debug("{} announced {} whose parent {} is unknown ({} in a row)", peer, first.hash(), first.prevHash(), n);
        if (n % MAX_UNCONNECTING_HEADERS == 0) {
            peer.misbehave(UNCONNECTING_HEADERS_PENALTY, n + " header announcements that do not connect");
        }
    }

    private void onInv(Peer peer, InvMessage m) {
        Hash lastUnknown = null;
        Hash lastKnown = null;
        for (InventoryItem item : m.items()) {
            if (!item.isBlock()) {
                continue;
            }
            Optional<HeaderSyncData> known = chain.index().get(item.hash());
            if (known.isPresent()) {
                advanced(peer, known.get().height());
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

    private void announced(Peer peer, Hash hash) {
        chain.index().get(hash).ifPresent(known -> advanced(peer, known.height()));
        coordinator.syncFromPeer(peer, hash);
    }

    private void onBlock(Peer peer, BlockMessage m) {
        if (downloads.onBlock(peer, m.block())) {
            return;
        }
        // A block pushed without announcement: treat it as one (fetch its headers if unknown).
        announced(peer, m.block().hash());
    }

    private void advanced(Peer peer, int height) {
        downloads.onBlockAnnounced(peer, height);
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
}
