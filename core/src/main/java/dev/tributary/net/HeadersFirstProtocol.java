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
import java.util.List;
import java.util.Optional;

/**
 * Plugs headers-first chain sync and chain serving into a {@link PeerManager}: registers the message
 * handlers, raises {@code SyncFromPeer} on handshake and on announcements of unknown blocks, feeds peers
 * to the download manager, and announces new tips.
 *
 * <pre>
 *  handshake              -> download manager gains a peer; SyncFromPeer(peer)
 *  inv(block) / headers   -> unknown: SyncFromPeer(peer, hash); known: the peer's best height rises
 *  headers (requested)    -> the pending getheaders of the pass
 *  block / notfound       -> the download manager
 *  getheaders / getblocks / getdata -> the chain server
 * </pre>
 *
 * Engine thread only.
 */
public final class HeadersFirstProtocol implements PeerListener {
    private final ChainState chain;
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
        BlockHeader last = m.headers().get(m.headers().size() - 1);
        announced(peer, last.hash());
    }

    private void onInv(Peer peer, InvMessage m) {
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

    private void announced(Peer peer, Hash hash) {
        Optional<HeaderSyncData> known = chain.index().get(hash);
        if (known.isPresent()) {
            advanced(peer, known.get().height());
        } else {
            coordinator.syncFromPeer(peer, hash);
        }
    }

    private void onBlock(Peer peer, BlockMessage m) {
        if (downloads.onBlock(peer, m.block())) {
            return;
        }
        Optional<HeaderSyncData> known = chain.index().get(m.block().hash());
        if (known.isEmpty()) {
            // A block pushed without announcement: treat it as one and fetch its headers.
            coordinator.syncFromPeer(peer, m.block().hash());
        } else {
            advanced(peer, known.get().height());
        }
    }

    private void advanced(Peer peer, int height) {
        if (height > peer.bestKnownHeight()) {
            peer.updateBestKnownHeight(height);
            downloads.onPeerAdvanced(peer);
        }
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
