package dev.tributary.net;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.bitcoin.AddrMessage;
import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.wire.IgnoredMessage;
import dev.tributary.wire.Message;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.wire.WireError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Keeps a node's peers: makes and accepts connections, runs the version/verack handshake, and hands every
 * other message of a handshaked peer to the {@link MessageDispatcher}, where protocols registered their
 * handlers. It delegates the outbound target to the {@link OutboundConnector}, pings and timeouts to
 * {@link PeerLiveness}, misbehaviour scores and bans to the {@link MisbehaviourPolicy}, and
 * {@code getaddr}/{@code addr} to {@link AddressGossip}.
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
    private final Transport transport;
    private final Scheduler scheduler;
    private final IntSupplier startHeight;
    private final long services;
    private final Random random;
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Peer> peers = new LinkedHashMap<>();
    private final Set<Long> ourNonces = new HashSet<>();
    private final AddressBook addresses;
    private final OutboundConnector outbound;
    private final MisbehaviourPolicy misbehaviour;
    private final PeerLiveness liveness;
    private final AddressGossip gossip;
    private Cancellable maintenance = Cancellable.NONE;
    private InetSocketAddress listeningOn;
    private volatile boolean stopped;

    /**
     * @param startHeight the height announced in {@code version} (the best block this node can serve)
     * @param services    the service bits this node advertises
     */
    public PeerManager(NetConfig config, NetworkParameters params, Transport transport, Scheduler scheduler,
            IntSupplier startHeight, long services, Random random) {
        this(config, params.defaultPort(), params.dnsSeeds(), transport, scheduler, startHeight, services, random);
    }

    /**
     * A peer manager for any network speaking Bitcoin's handshake, such as dagtest: the network enters only
     * through its default port and DNS seeds here, and through the {@code transport}, which carries the
     * network's message start and {@code MessageCodec}.
     *
     * @param defaultPort the port of seeds and DNS seed answers that name none
     * @param dnsSeeds    the network's DNS seeds (may be empty)
     * @param startHeight the height announced in {@code version} (the best block this node can serve)
     * @param services    the service bits this node advertises
     */
    public PeerManager(NetConfig config, int defaultPort, List<String> dnsSeeds, Transport transport,
            Scheduler scheduler, IntSupplier startHeight, long services, Random random) {
        this.config = config;
        this.transport = transport;
        this.scheduler = scheduler;
        this.startHeight = startHeight;
        this.services = services;
        this.random = random;
        this.addresses = new AddressBook(random);
        this.outbound = new OutboundConnector(this, config, defaultPort, dnsSeeds, scheduler, addresses, random);
        this.misbehaviour = new MisbehaviourPolicy(config, scheduler);
        this.liveness = new PeerLiveness(config, scheduler, random);
        this.gossip = new AddressGossip(addresses, scheduler, outbound, this::readyPeers, random);
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
        liveness.check(List.copyOf(peers.values()));
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
        if (stopped || misbehaviour.isBanned(remote.getAddress())) {
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
            liveness.onPing(p, ping);
        } else if (m instanceof PongMessage pong) {
            liveness.onPong(p, pong);
        } else if (m instanceof EmptyMessages.GetAddr) {
            gossip.onGetAddr(p);
        } else if (m instanceof AddrMessage addr) {
            gossip.onAddr(p, addr);
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
        gossip.peerReady(p);
        log.info("Handshake with {} ({}, {} {}, height {})", p, p.inbound() ? "inbound" : "outbound",
                p.version().userAgent(), p.version().protocolVersion(), p.version().startHeight());
        listeners.forEach(l -> l.onPeerReady(p));
    }

    private void wireError(Connection c, WireError error) {
        Peer p = peerFor(c);
        if (p == null) {
            misbehaviour.wireErrorBeforeRegistered(c, error);
        } else {
            misbehaviour.wireError(p, error);
        }
    }

    /** Adds misbehaviour points (see {@link MisbehaviourPolicy}). Engine thread. */
    void misbehaving(Peer p, int points, String reason) {
        misbehaviour.misbehaving(p, points, reason);
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
            if (!p.isReady() && !stopped) {
                // Opened but never handshaked: another network's node, not a Bitcoin node, a handshake timeout.
                // For whoever dialled it, as good as unreachable.
                notifyConnectFailed(c.remoteAddress(), "the connection to " + HostPort.of(c.remoteAddress())
                        + " closed before the handshake completed: " + why);
            }
        }
    }

    public boolean isBanned(InetAddress address) {
        return misbehaviour.isBanned(address);
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

    void notifyConnectFailed(InetSocketAddress address, String reason) {
        listeners.forEach(l -> l.onConnectFailed(address, reason));
    }
}
