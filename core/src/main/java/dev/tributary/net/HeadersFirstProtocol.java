package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import dev.tributary.sync.ChainServer;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.headers.DownloadManager;
import dev.tributary.sync.headers.HeadersFirstService;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.sync.headers.SyncCoordinator;
import dev.tributary.sync.SyncListener;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.NotFoundMessage;

/**
 * Plugs headers-first chain sync and chain serving ({@link HeadersFirstService}, where the protocol logic
 * lives) into a {@link PeerManager}: registers its message handlers on the dispatcher and forwards peer
 * lifecycle events. Engine thread only.
 */
public final class HeadersFirstProtocol implements PeerListener {
    private final HeadersFirstService service;

    private HeadersFirstProtocol(HeadersFirstService service) {
        this.service = service;
    }

    /** Installs the protocol on {@code peers}; returns it for inspection (state, progress). */
    public static HeadersFirstProtocol install(PeerManager peers, ChainState chain, Scheduler scheduler,
            SyncConfig config, SyncListener listener) {
        HeadersFirstService service = new HeadersFirstService(chain, scheduler, config, listener,
                NetConfig.PROTOCOL_VERSION, peers::readyPeers);
        HeadersFirstProtocol p = new HeadersFirstProtocol(service);
        MessageDispatcher d = peers.dispatcher();
        d.on(HeadersMessage.class, service::onHeaders);
        d.on(InvMessage.class, service::onInv);
        d.on(BlockMessage.class, service::onBlock);
        d.on(NotFoundMessage.class, service::onNotFound);
        d.on(GetHeadersMessage.class, service::onGetHeaders);
        d.on(GetBlocksMessage.class, service::onGetBlocks);
        d.on(GetDataMessage.class, service::onGetData);
        peers.addListener(p);
        return p;
    }

    @Override
    public void onPeerReady(Peer peer) {
        service.onPeerReady(peer);
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        service.onPeerGone(peer);
    }

    @Override
    public void onPeerWritable(Peer peer) {
        service.onWritable(peer);
    }

    public SyncCoordinator coordinator() {
        return service.coordinator();
    }

    public DownloadManager downloads() {
        return service.downloads();
    }

    public ChainServer server() {
        return service.server();
    }
}
