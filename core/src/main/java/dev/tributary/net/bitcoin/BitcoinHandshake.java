package dev.tributary.net.bitcoin;

import dev.tributary.engine.Scheduler;
import dev.tributary.net.Handshake;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.Penalty;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitcoin's handshake (SPEC section 1): {@code version} and {@code verack} in either order; an outbound
 * connection speaks first, an inbound one answers the peer's {@code version}. A peer below protocol version
 * 70001, or one that is this node itself (our own nonce comes back), is dropped. When both messages went both
 * ways the peer is ready: it gets {@code sendheaders} (protocol 70012 and later). Also handles the control
 * messages that may follow: a second {@code version} costs {@link Penalty#DUPLICATE_VERSION}, {@code sendheaders}
 * is remembered on the {@link BitcoinPeer}.
 *
 * <p>Registers every Bitcoin control message ({@link BitcoinMessages}); ping and address gossip are the modules
 * {@link BitcoinPing} and {@link AddressGossip}. Engine thread only.
 */
public final class BitcoinHandshake implements Handshake {
    /** Logs as the peer manager, whose lines these have always been. */
    private static final Logger log = LoggerFactory.getLogger(dev.tributary.net.PeerManager.class);

    private final Scheduler scheduler;
    private final IntSupplier startHeight;
    private final long services;
    private final String userAgent;
    private final Random random;
    private final Set<Long> ourNonces = new HashSet<>();

    /**
     * @param startHeight the height announced in {@code version} (the best block this node can serve)
     * @param services    the service bits this node advertises
     * @param userAgent   BIP 14 user agent sent in {@code version}
     */
    public BitcoinHandshake(Scheduler scheduler, IntSupplier startHeight, long services, String userAgent,
            Random random) {
        this.scheduler = scheduler;
        this.startHeight = startHeight;
        this.services = services;
        this.userAgent = userAgent;
        this.random = random;
    }

    @Override
    public String name() {
        return BitcoinMessages.OWNER;
    }

    @Override
    public void registerMessages(MessageCodec.Builder codec) {
        BitcoinMessages.register(codec);
    }

    @Override
    public void install(PeerNetwork network) {
        network.dispatcher().on(VersionMessage.class,
                (p, v) -> p.misbehave(Penalty.DUPLICATE_VERSION, "duplicate version message"));
        network.dispatcher().on(EmptyMessages.Verack.class, (p, m) -> { });
        network.dispatcher().on(EmptyMessages.SendHeaders.class, (p, m) -> BitcoinPeer.of(p).setPrefersHeaders());
    }

    @Override
    public void start(Peer peer, Outcome outcome) {
        if (!peer.inbound()) {
            sendVersion(peer);
        }
    }

    @Override
    public boolean onMessage(Peer peer, Message message, Outcome outcome) {
        if (message instanceof VersionMessage v) {
            onVersion(peer, v, outcome);
            return true;
        }
        if (message instanceof EmptyMessages.Verack) {
            BitcoinPeer.of(peer).markVerackReceived();
            maybeReady(peer, outcome);
            return true;
        }
        return false;
    }

    /** Forgets the nonces of connections that are gone. */
    @Override
    public void maintain(Collection<Peer> peers) {
        Set<Long> live = new HashSet<>();
        peers.forEach(p -> live.add(BitcoinPeer.of(p).ourNonce()));
        ourNonces.retainAll(live);
    }

    private void sendVersion(Peer p) {
        long nonce = random.nextLong();
        ourNonces.add(nonce);
        NetworkAddress them = NetworkAddress.of(0, p.address());
        NetworkAddress us = new NetworkAddress(services, InetAddress.getLoopbackAddress(), 0);
        p.send(new VersionMessage(NetConfig.PROTOCOL_VERSION, services, scheduler.nowSeconds(), them, us, nonce,
                userAgent, startHeight.getAsInt(), true));
        BitcoinPeer.of(p).versionSent(nonce);
    }

    private void onVersion(Peer p, VersionMessage v, Outcome outcome) {
        BitcoinPeer state = BitcoinPeer.of(p);
        if (state.version() != null) {
            p.misbehave(Penalty.DUPLICATE_VERSION, "duplicate version message");
            return;
        }
        // Both end the connection before the handshake, which is otherwise logged at debug: say why at info.
        if (ourNonces.contains(v.nonce())) {
            log.info("Connected to self at {} (our own nonce came back): disconnecting", p);
            p.disconnect("connected to self");
            return;
        }
        if (v.protocolVersion() < NetConfig.MIN_PEER_PROTOCOL_VERSION) {
            log.info("Peer {} uses obsolete protocol version {} (below {}): disconnecting", p, v.protocolVersion(),
                    NetConfig.MIN_PEER_PROTOCOL_VERSION);
            p.disconnect("obsolete protocol version " + v.protocolVersion());
            return;
        }
        state.setVersion(v);
        if (!state.versionSent()) {
            sendVersion(p);
        }
        p.send(EmptyMessages.Verack.INSTANCE);
        log.debug("{} is {} version {} height {}", p, v.userAgent(), v.protocolVersion(), v.startHeight());
        maybeReady(p, outcome);
    }

    private void maybeReady(Peer p, Outcome outcome) {
        BitcoinPeer state = BitcoinPeer.of(p);
        VersionMessage v = state.version();
        if (p.isReady() || v == null || !state.verackReceived()) {
            return;
        }
        if (v.protocolVersion() >= 70012) {
            p.send(EmptyMessages.SendHeaders.INSTANCE);
        }
        outcome.ready(p, v.userAgent() + " " + v.protocolVersion() + ", height " + v.startHeight());
    }
}
