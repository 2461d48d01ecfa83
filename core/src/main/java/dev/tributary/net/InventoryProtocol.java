package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import dev.tributary.sync.ChainServer;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.inventory.BitcoinBlockGraph;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.sync.inventory.InventorySync;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.chain.message.TxMessage;
import java.util.Random;

/**
 * Plugs blocks-first inventory sync ({@link InventorySync}, where the protocol logic lives) into a
 * {@link PeerManager}, as {@link HeadersFirstProtocol} does for headers-first: registers the message handlers
 * on the dispatcher and forwards peer lifecycle events. A node installs one of the two. Unsolicited
 * {@code headers} (BIP 130 announcements) count as announcements of their blocks; {@code getheaders} is
 * answered from the same chain up to its block tip ({@link ChainServer#headers}), for peers that sync
 * headers-first from us; everything else is served by the sync's own server. Engine thread only.
 */
public final class InventoryProtocol implements PeerListener {
    private final InventorySync<Block, GetBlocksMessage> sync;

    private InventoryProtocol(InventorySync<Block, GetBlocksMessage> sync) {
        this.sync = sync;
    }

    /** Installs blocks-first sync of the Bitcoin chain in {@code chain} on {@code peers}; returns it for use. */
    public static InventoryProtocol install(PeerManager peers, ChainState chain, Scheduler scheduler,
            InventoryConfig config, Random random) {
        BitcoinBlockGraph graph = new BitcoinBlockGraph(chain, scheduler, NetConfig.PROTOCOL_VERSION);
        InventorySync<Block, GetBlocksMessage> sync = new InventorySync<>(graph, scheduler, config, random);
        InventoryProtocol p = new InventoryProtocol(sync);
        MessageDispatcher d = peers.dispatcher();
        d.on(InvMessage.class, (peer, m) -> sync.onInv(peer, m.items()));
        d.on(HeadersMessage.class, (peer, m) -> {
            if (!m.headers().isEmpty()) {
                sync.onBlockAnnouncement(peer, m.headers().stream().map(BlockHeader::hash).toList());
            }
        });
        d.on(BlockMessage.class, (peer, m) -> sync.onBlock(peer, m.block()));
        d.on(TxMessage.class, (peer, m) -> sync.onTransaction(peer, m.transaction()));
        d.on(NotFoundMessage.class, (peer, m) -> sync.onNotFound(peer, m.items()));
        d.on(GetBlocksMessage.class, sync::onGetBlocks);
        d.on(GetDataMessage.class, (peer, m) -> sync.onGetData(peer, m.items()));
        // Bitcoin peers sync headers-first from us: serve headers of the blocks we have, as headers-first does.
        d.on(GetHeadersMessage.class, (peer, m) -> {
            scheduler.checkEngineThread();
            peer.send(new HeadersMessage(ChainServer.headers(chain, m, chain.blockTip().height())));
        });
        peers.addListener(p);
        return p;
    }

    @Override
    public void onPeerReady(Peer peer) {
        sync.onPeerReady(peer);
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        sync.onPeerGone(peer);
    }

    @Override
    public void onPeerWritable(Peer peer) {
        sync.onWritable(peer);
    }

    /** The sync itself: state, {@code submitBlock}, {@code submitTransaction}. */
    public InventorySync<Block, GetBlocksMessage> sync() {
        return sync;
    }
}
