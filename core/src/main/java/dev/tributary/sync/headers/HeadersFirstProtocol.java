package dev.tributary.sync.headers;

import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.ChainMessages;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.chain.store.ChainState;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.MessageDispatcher;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerModule;
import dev.tributary.net.PeerNetwork;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.sync.ChainServer;
import dev.tributary.wire.MessageCodec;
import java.util.Collection;
import java.util.List;

/**
 * Headers-first chain sync and chain serving ({@link HeadersFirstService}, where the protocol logic lives) as a
 * module of a Bitcoin {@link PeerNetwork}: registers Bitcoin's chain messages and their handlers, and forwards
 * peer lifecycle events, each peer seen through its {@link NetworkSyncPeer}. Engine thread only.
 */
public final class HeadersFirstProtocol implements PeerModule, PeerListener {
    private final HeadersFirstService service;
    private PeerNetwork network;

    public HeadersFirstProtocol(ChainState chain, Scheduler scheduler, SyncConfig config, SyncListener listener) {
        this.service = new HeadersFirstService(chain, scheduler, config, listener, NetConfig.PROTOCOL_VERSION,
                this::readyPeers);
    }

    private Collection<SyncPeer> readyPeers() {
        return network == null ? List.of() : network.readyPeers().stream().<SyncPeer>map(NetworkSyncPeer::of).toList();
    }

    @Override
    public String name() {
        return "headers-first sync";
    }

    @Override
    public void registerMessages(MessageCodec.Builder codec) {
        ChainMessages.register(codec);
    }

    @Override
    public void install(PeerNetwork n) {
        network = n;
        MessageDispatcher d = n.dispatcher();
        d.on(HeadersMessage.class, (p, m) -> service.onHeaders(NetworkSyncPeer.of(p), m));
        d.on(InvMessage.class, (p, m) -> service.onInv(NetworkSyncPeer.of(p), m));
        d.on(BlockMessage.class, (p, m) -> service.onBlock(NetworkSyncPeer.of(p), m));
        d.on(NotFoundMessage.class, (p, m) -> service.onNotFound(NetworkSyncPeer.of(p), m));
        d.on(GetHeadersMessage.class, (p, m) -> service.onGetHeaders(NetworkSyncPeer.of(p), m));
        d.on(GetBlocksMessage.class, (p, m) -> service.onGetBlocks(NetworkSyncPeer.of(p), m));
        d.on(GetDataMessage.class, (p, m) -> service.onGetData(NetworkSyncPeer.of(p), m));
        n.addListener(this);
    }

    @Override
    public void onPeerReady(Peer peer) {
        service.onPeerReady(NetworkSyncPeer.of(peer));
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        service.onPeerGone(NetworkSyncPeer.of(peer));
    }

    @Override
    public void onPeerWritable(Peer peer) {
        service.onWritable(NetworkSyncPeer.of(peer));
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

    public HeadersFirstSync headerSync() {
        return service.headerSync();
    }
}
