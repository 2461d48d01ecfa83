package dev.tributary.net;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.wire.AddrMessage;
import dev.tributary.wire.EmptyMessages;
import dev.tributary.wire.IgnoredMessage;
import dev.tributary.wire.Message;
import dev.tributary.wire.NetworkAddress;
import dev.tributary.wire.PingMessage;
import dev.tributary.wire.PongMessage;
import dev.tributary.wire.TimestampedAddress;
import dev.tributary.wire.VersionMessage;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's peers: makes and accepts connections, runs the version/verack handshake, keeps peers
 * alive with pings, scores misbehaviour and bans, gossips addresses, and hands every other message of a
 * handshaked peer to the {@link MessageDispatcher}, where protocols registered their handlers.
 *
 * <p>Handshake (SPEC section 1): {@code version} and {@code verack} in either order; an outbound
 * connection speaks first, an inbound one answers the peer's {@code version}. A peer below protocol
 * version 70001, or one that is this node itself (our own nonce comes back), is dropped. When both
 * messages went both ways the peer is ready: it gets {@code sendheaders} and, if outbound,
 * {@code getaddr}, and {@link PeerListener#onPeerReady} fires.
 *
 * <p>Transport events arrive on socket threads and are moved to the engine thread here; all state is
 * owned by the engine thread.
 */
public final class PeerManager {
    private static final Logger log = LoggerFactory.getLogger(PeerManager.class);
    private static final long MAINTENANCE_INTERVAL_MILLIS = 500;

    private final NetConfig config;
    private final NetworkParameters params;
    private final Transport transport;
    private final Scheduler scheduler;
    private final IntSupplier startHeight;
    private final long services;
    private final Random random;
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Peer> peers = new LinkedHashMap<>();
    private final Set<Long> ourNonces = new HashSet<>();
    private final BanList bans = new BanList();
    private final AddressBook addresses;
    private final OutboundConnector outbound;
    private Cancellable maintenance = Cancellable.NONE;
    private InetSocketAddress listeningOn;
    private volatile boolean stopped;

    /**
     * @param startHeight the height announced in {@code version} (the best block this node can serve)
     * @param services    the service bits this node advertises
     */
    public PeerManager(NetConfig config, NetworkParameters params, Transport transport, Scheduler scheduler,
            IntSupplier startHeight, long services, Random random) {
        this.config = config;
        this.params = params;
        this.transport = transport;
        this.scheduler = scheduler;
        this.startHeight = startHeight;
        this.services = services;
        this.random = random;
        this.addresses = new AddressBook(random);
        this.outbound = new OutboundConnector(this, config, params, scheduler, addresses, random);
    }

    public MessageDispatcher dispatcher() {
        return dispatcher;
    }

    public void addListener(PeerListener listener) {
        listeners.add(listener);
    }

    public NetConfig config() {
        return config;
    }

    /** Starts listening (if configured) and connecting. Call from any thread. */
    public void start() throws IOException {
        if (config.listen().isPresent()) {
            listeningOn = transport.listen(config.listen().get(), this::handlerForInbound);
            log.info("Listening on {}:{}", listeningOn.getAddress().getHostAddress(), listeningOn.getPort());
        }
        scheduler.execute(() -> {
            outbound.start();
            scheduleMaintenance();
        });
    }

    /** The address inbound connections reach, when listening. */
    public InetSocketAddress listeningAddress() {
        return listeningOn;
    }

    /** Disconnects everyone and stops accepting. Call from any thread. */
    public void stop() {
        stopped = true;
        maintenance.cancel();
        transport.close();
        scheduler.execute(() -> List.copyOf(peers.values()).forEach(p -> p.disconnect("shutting down")));
    }

    private void scheduleMaintenance() {
        maintenance = scheduler.schedule(() -> {
            if (!stopped) {
                maintain();
                scheduleMaintenance();
            }
        }, MAINTENANCE_INTERVAL_MILLIS);
    }

    private void maintain() {
        long now = scheduler.nowMillis();
        for (Peer p : List.copyOf(peers.values())) {
            if (!p.isReady() && now - p.connectedAtMillis() > config.handshakeTimeoutMillis()) {
                p.disconnect("no handshake within " + config.handshakeTimeoutMillis() / 1000 + " s");
            } else if (p.isReady() && p.pingNonce() != 0 && now - p.pingSentAtMillis() > config.pingTimeoutMillis()) {
                p.disconnect("ping unanswered for " + config.pingTimeoutMillis() / 1000 + " s");
            } else if (p.isReady() && p.pingNonce() == 0 && now - p.lastPingAtMillis() >= config.pingIntervalMillis()) {
                long nonce = random.nextLong() | 1;
                p.pingSent(nonce, now);
                p.send(new PingMessage(nonce));
            }
        }
        outbound.maintain();
    }

    /** Connects to {@code address} (outbound). Engine thread. */
    void connect(InetSocketAddress address) {
        if (stopped) {
            return;
        }
        scheduler.checkEngineThread();
        transport.connect(address, new Handler()).whenComplete((c, e) -> scheduler.execute(() -> {
            if (e != null) {
                // The transport's own exception names the address; only a CompletionException wraps it.
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                outbound.connectFailed(address, cause.getMessage());
            } else if (!c.isOpen()) {
                outbound.connectFailed(address, "closed as soon as it opened");
            } else {
                outbound.connected(address);
                peerFor(c);
            }
        }));
    }

    private ConnectionHandler handlerForInbound(InetSocketAddress remote) {
        if (stopped || bans.isBanned(remote.getAddress(), scheduler.nowMillis())) {
            log.debug("refused inbound connection from banned {}", remote);
            return null;
        }
        return new Handler();
    }

    /** Moves transport events onto the engine thread. */
    private final class Handler implements ConnectionHandler {
        @Override
        public void onOpened(Connection c) {
            // An inbound peer is registered at once, so the handshake timeout and the inbound limit apply to
            // one that never says anything (outbound ones are registered when the connect completes).
            if (c.inbound()) {
                scheduler.execute(() -> peerFor(c));
            }
        }

        @Override
        public void onMessage(Connection c, Message m, int cost) {
            scheduler.execute(() -> {
                try {
                    handle(c, m);
                } finally {
                    c.releaseInbound(cost);
                }
            });
        }

        @Override
        public void onWireError(Connection c, WireError error) {
            scheduler.execute(() -> wireError(c, error));
        }

        @Override
        public void onWritable(Connection c) {
            scheduler.execute(() -> {
                Peer p = peers.get(c.id());
                if (p != null && p.isReady()) {
                    listeners.forEach(l -> l.onPeerWritable(p));
                }
            });
        }

        @Override
        public void onClosed(Connection c, String reason) {
            scheduler.execute(() -> closed(c, reason));
        }
    }

    private Peer peerFor(Connection c) {
        Peer p = peers.get(c.id());
        if (p == null && c.isOpen()) {
            if (c.inbound() && inboundCount() >= config.maxInbound()) {
                c.close("too many inbound connections");
                return null;
            }
            long nonce = random.nextLong();
            p = new Peer(c, this, scheduler.nowMillis(), nonce);
            peers.put(c.id(), p);
            if (!c.inbound()) {
                sendVersion(p);
            }
        }
        return p;
    }

    private void sendVersion(Peer p) {
        ourNonces.add(p.ourNonce());
        NetworkAddress them = NetworkAddress.of(0, p.address());
        NetworkAddress us = new NetworkAddress(services, InetAddress.getLoopbackAddress(), 0);
        p.send(new VersionMessage(NetConfig.PROTOCOL_VERSION, services, scheduler.nowSeconds(), them, us, p.ourNonce(),
                config.userAgent(), startHeight.getAsInt(), true));
        p.markVersionSent();
    }

    private void handle(Connection c, Message m) {
        Peer p = peerFor(c);
        // A peer this node dropped is not listened to any more. But the messages of a peer that closed its
        // side arrived before its close, and the reader hands them over before the close event: they are
        // handled (blocks a leaving peer delivered are kept, not fetched again from someone else).
        if (p == null || (!p.isConnected() && p.disconnectReason() != null)) {
            return;
        }
        if (m instanceof VersionMessage v) {
            onVersion(p, v);
        } else if (m instanceof EmptyMessages.Verack) {
            p.markVerackReceived();
            maybeReady(p);
        } else if (m instanceof IgnoredMessage) {
            log.trace("{} sent {} (ignored)", p, m.command());
        } else if (!p.isReady()) {
            misbehaving(p, Penalty.MESSAGE_BEFORE_HANDSHAKE, m.command() + " before the handshake completed");
        } else if (m instanceof PingMessage ping) {
            p.send(new PongMessage(ping.nonce()));
        } else if (m instanceof PongMessage pong) {
            if (pong.nonce() == p.pingNonce()) {
                p.pongReceived(scheduler.nowMillis());
            }
        } else if (m instanceof EmptyMessages.GetAddr) {
            answerGetAddr(p);
        } else if (m instanceof AddrMessage addr) {
            onAddr(p, addr);
        } else if (m instanceof EmptyMessages.SendHeaders) {
            p.setPrefersHeaders();
        } else if (!dispatcher.dispatch(p, m)) {
            log.debug("{} sent {}, which no protocol here handles", p, m.command());
        }
    }

    private void onVersion(Peer p, VersionMessage v) {
        if (p.version() != null) {
            misbehaving(p, Penalty.DUPLICATE_VERSION, "duplicate version message");
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
        p.setVersion(v);
        if (!p.versionSent()) {
            sendVersion(p);
        }
        p.send(EmptyMessages.Verack.INSTANCE);
        log.debug("{} is {} version {} height {}", p, v.userAgent(), v.protocolVersion(), v.startHeight());
        maybeReady(p);
    }

    private void maybeReady(Peer p) {
        if (p.isReady() || p.version() == null || !p.verackReceived()) {
            return;
        }
        p.markReady();
        if (p.version().protocolVersion() >= 70012) {
            p.send(EmptyMessages.SendHeaders.INSTANCE);
        }
        if (!p.inbound()) {
            p.send(EmptyMessages.GetAddr.INSTANCE);
            addresses.connected(p.address(), scheduler.nowSeconds());
        }
        log.info("Handshake with {} ({}, {} {}, height {})", p, p.inbound() ? "inbound" : "outbound",
                p.version().userAgent(), p.version().protocolVersion(), p.version().startHeight());
        listeners.forEach(l -> l.onPeerReady(p));
    }

    private void answerGetAddr(Peer p) {
        // Core answers getaddr once per connection, and only to inbound peers (a fingerprinting defence).
        if (!p.inbound() || p.answeredGetAddr()) {
            return;
        }
        p.markAnsweredGetAddr();
        List<TimestampedAddress> out = new ArrayList<>();
        for (AddressBook.AddressRecord r : addresses.sample(WireLimits.MAX_ADDRESSES)) {
            out.add(new TimestampedAddress(r.lastSeenSeconds(), NetworkAddress.of(r.services(), r.address())));
        }
        p.send(new AddrMessage(out));
    }

    private void onAddr(Peer p, AddrMessage addr) {
        long now = scheduler.nowSeconds();
        for (TimestampedAddress a : addr.addresses()) {
            long seen = a.time() > now + 600 ? now - 5 * 24 * 3600 : a.time();
            addresses.add(a.address().toSocketAddress(), a.address().services(), seen);
        }
        outbound.addressesLearned();
    }

    private void wireError(Connection c, WireError error) {
        Peer p = peerFor(c);
        if (p == null) {
            // The connection closed before the engine saw it (the reader closes at once on a fatal error, so
            // a peer whose first bytes are bad is gone by now): log the offence and ban all the same.
            int points = Penalty.forWireError(error);
            log.warn("Peer {} misbehaved (+{}, before the handshake): {}", label(c.remoteAddress()), points, error);
            if (points >= Penalty.BAN_THRESHOLD) {
                banIfAllowed(c.remoteAddress().getAddress());
            }
            c.close(error.toString());
            return;
        }
        misbehaving(p, Penalty.forWireError(error), error.toString());
        if (error.fatal()) {
            p.disconnect(error.toString());
        }
    }

    /** Adds misbehaviour points; at the threshold, disconnects and bans the address. Engine thread. */
    void misbehaving(Peer p, int points, String reason) {
        if (points <= 0) {
            return;
        }
        int score = p.addMisbehaviour(points);
        log.warn("Peer {} misbehaved (+{}, score {}): {}", p, points, score, reason);
        // Not only while connected: a fatal wire error closes the connection on the reader thread before the
        // engine gets here, and that peer must be banned all the same.
        if (score >= Penalty.BAN_THRESHOLD) {
            if (banIfAllowed(p.address().getAddress())) {
                p.disconnect("banned for misbehaviour: " + reason);
            } else {
                p.disconnect("misbehaviour score " + score + ": " + reason);
            }
        }
    }

    /** Bans {@code ip} for the configured time unless it is loopback and loopback is exempt; returns whether it did. */
    private boolean banIfAllowed(InetAddress ip) {
        if (config.banLoopback() || !ip.isLoopbackAddress()) {
            bans.ban(ip, scheduler.nowMillis() + config.banMillis());
            return true;
        }
        return false;
    }

    private static String label(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private void closed(Connection c, String reason) {
        Peer p = peers.remove(c.id());
        if (p == null) {
            return;
        }
        ourNonces.remove(p.ourNonce());
        String why = p.disconnectReason() != null ? p.disconnectReason() : reason;
        if (p.isReady()) {
            log.info("Disconnected {}: {}", p, why);
            listeners.forEach(l -> l.onPeerGone(p, why));
        } else {
            log.debug("Connection to {} closed before the handshake: {}", p, why);
        }
        if (!c.inbound()) {
            outbound.disconnected(c.remoteAddress(), p.isReady());
        }
    }

    public boolean isBanned(InetAddress address) {
        return bans.isBanned(address, scheduler.nowMillis());
    }

    /** Handshaked peers. Engine thread. */
    public Collection<Peer> readyPeers() {
        return peers.values().stream().filter(Peer::isReady).toList();
    }

    /** All connections, handshaked or not. Engine thread. */
    public Collection<Peer> allPeers() {
        return List.copyOf(peers.values());
    }

    int outboundCount() {
        return (int) peers.values().stream().filter(p -> !p.inbound()).count();
    }

    private int inboundCount() {
        return (int) peers.values().stream().filter(Peer::inbound).count();
    }

    Set<InetSocketAddress> connectedAddresses() {
        Set<InetSocketAddress> s = new HashSet<>();
        peers.values().forEach(p -> s.add(p.address()));
        return s;
    }

    AddressBook addressBook() {
        return addresses;
    }

    NetworkParameters params() {
        return params;
    }

    void notifyConnectFailed(InetSocketAddress address, String reason) {
        listeners.forEach(l -> l.onConnectFailed(address, reason));
    }
}
