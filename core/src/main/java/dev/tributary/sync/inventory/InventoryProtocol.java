package dev.tributary.sync.inventory;

import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.ChainMessages;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.chain.message.TxMessage;
import dev.tributary.chain.store.ChainState;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.MessageDispatcher;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerNetwork;
import dev.tributary.sync.ChainServer;
import dev.tributary.sync.NetworkSyncPeer;
import dev.tributary.wire.MessageCodec;
import java.util.Random;

/**
 * Blocks-first inventory sync of a Bitcoin chain ({@link InventorySync}, where the protocol logic lives) as a
 * module of a Bitcoin {@link dev.tributary.net.PeerNetwork}, as {@link dev.tributary.sync.headers.HeadersFirstProtocol}
 * is for headers-first: registers Bitcoin's chain messages and their handlers and forwards peer lifecycle
 * events. A network installs one of the two. Unsolicited {@code headers} (BIP 130 announcements) count as
 * announcements of their blocks; {@code getheaders} is answered from the same chain up to its block tip
 * ({@link ChainServer#headers}), for peers that sync headers-first from us; everything else is served by the
 * sync's own server. Engine thread only.
 */
public final class InventoryProtocol extends InventoryModule<Block, GetBlocksMessage> {
    private final ChainState chain;
    private final Scheduler scheduler;

    public InventoryProtocol(ChainState chain, Scheduler scheduler, InventoryConfig config, Random random) {
        super(new BitcoinBlockGraph(chain, scheduler, NetConfig.PROTOCOL_VERSION), scheduler, config, random);
        this.chain = chain;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "blocks-first sync";
    }

    @Override
    public void registerMessages(MessageCodec.Builder codec) {
        ChainMessages.register(codec);
    }

    @Override
    protected void registerHandlers(MessageDispatcher d) {
        InventorySync<Block, GetBlocksMessage> sync = sync();
        d.on(InvMessage.class, (p, m) -> sync.onInv(NetworkSyncPeer.of(p), m.items()));
        d.on(HeadersMessage.class, (p, m) -> {
            if (!m.headers().isEmpty()) {
                sync.onBlockAnnouncement(NetworkSyncPeer.of(p), m.headers().stream().map(BlockHeader::hash).toList());
            }
        });
        d.on(BlockMessage.class, (p, m) -> sync.onBlock(NetworkSyncPeer.of(p), m.block()));
        d.on(TxMessage.class, (p, m) -> sync.onTransaction(NetworkSyncPeer.of(p), m.transaction()));
        d.on(NotFoundMessage.class, (p, m) -> sync.onNotFound(NetworkSyncPeer.of(p), m.items()));
        d.on(GetBlocksMessage.class, (p, m) -> sync.onGetBlocks(NetworkSyncPeer.of(p), m));
        d.on(GetDataMessage.class, (p, m) -> sync.onGetData(NetworkSyncPeer.of(p), m.items()));
        // Bitcoin peers sync headers-first from us: serve headers of the blocks we have, as headers-first does.
        d.on(GetHeadersMessage.class, (Peer p, GetHeadersMessage m) -> {
            scheduler.checkEngineThread();
            p.send(new HeadersMessage(ChainServer.headers(chain, m, chain.blockTip().height())));
        });
    }
}
