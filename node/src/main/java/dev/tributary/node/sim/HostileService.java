package dev.tributary.node.sim;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.message.ChainMessages;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.message.DagMessages;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerModule;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.node.NodeService;
import dev.tributary.node.ServiceContext;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A hostile node's one service: it speaks a network's handshake and messages (so honest nodes take it for a peer),
 * serves nothing, and when told to ({@link #act}) sends every peer a {@link Forgery}: an invalid block, orphans on
 * made-up parents, announcements of blocks that do not exist, invalid headers. It claims height 0, so honest nodes
 * never make it their sync peer.
 */
final class HostileService implements NodeService {
    /** What the hostile node does in one step. */
    enum Act { INVALID_BLOCK, ORPHANS, PHANTOM_INV, INVALID_HEADERS }

    private final Scheduler engine;
    private final Random random;
    private final Forgery forgery;
    private final PeerNetwork network;

    private HostileService(ServiceContext context, String name, int magic, int port,
            UnaryOperator<MessageCodec.Builder> messages, Forgery forgery, Random random) {
        this.engine = context.engine();
        this.random = random;
        this.forgery = forgery;
        PeerModule silent = new PeerModule() {
            @Override
            public String name() {
                return "hostile";
            }

            @Override
            public void registerMessages(MessageCodec.Builder codec) {
                messages.apply(codec);
            }

            @Override
            public void install(PeerNetwork n) {
                // Serves nothing: getdata, getblocks and getheaders go unanswered.
            }
        };
        this.network = BitcoinNetworks.builder(name, magic, port, List.of(), context.net(), engine, () -> 0,
                VersionMessage.NODE_NETWORK, random).module(silent).build();
    }

    /** A hostile node on a Bitcoin-style chain, reporting what it forges to {@code ledger}. */
    static NodeService.Factory chain(NetworkParameters params, Forgery.Ledger ledger) {
        return context -> {
            Random random = new Random(context.random().nextLong());
            return new HostileService(context, params.name(), params.magic(), params.defaultPort(),
                    ChainMessages::register, new ChainForgery(params, random, ledger), random);
        };
    }

    /** A hostile node on dagtest, reporting what it forges to {@code ledger}. */
    static NodeService.Factory dag(DagParameters params, Forgery.Ledger ledger) {
        return context -> {
            Random random = new Random(context.random().nextLong());
            return new HostileService(context, params.name(), params.magic(), params.defaultPort(),
                    codec -> DagMessages.register(ChainMessages.registerTransactions(codec)),
                    new DagForgery(params, random, ledger), random);
        };
    }

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public List<PeerNetwork> networks() {
        return List.of(network);
    }

    @Override
    public Object status() {
        return network.readyPeers().size();
    }

    /** Sends every ready peer what {@code act} makes. Engine thread. */
    void act(Act act) {
        long now = engine.nowSeconds();
        List<Message> messages = switch (act) {
            case INVALID_BLOCK -> forgery.invalidBlock(now);
            case ORPHANS -> forgery.orphans(1 + random.nextInt(20), now);
            case PHANTOM_INV -> List.of(forgery.phantomInv(1 + random.nextInt(500)));
            case INVALID_HEADERS -> forgery.invalidHeaders(now);
        };
        for (Peer p : network.readyPeers()) {
            messages.forEach(p::send);
        }
    }
}
