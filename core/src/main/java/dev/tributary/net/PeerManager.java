package dev.tributary.net;

import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.wire.IgnoredMessage;
import dev.tributary.wire.Message;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's connections, for every {@link PeerNetwork} it runs, over one transport and one listening port.
 * It knows no protocol: it makes and accepts connections, binds each to its network (an inbound one by the wire
 * format its first bytes speak), hands a peer's messages to its network's {@link Handshake} until that reports
 * it ready and to the network's {@link MessageDispatcher} after, and applies what every network shares: the
 * inbound limit, the handshake deadline, misbehaviour scores and bans ({@link MisbehaviourPolicy}), and each
 * network's outbound target ({@link OutboundConnector}).
 *
 * <p>Transport events arrive on socket threads and are moved to the engine thread here, through a
 * {@link FairInbox}: one lane per connection, drained round-robin, a lane parked while the peer's send queue is
 * full (flow control of every kind of answer); all state is owned by the engine thread.
 *
 * <p>Inbound slots: when all {@code maxInbound} are taken, a newcomer takes the slot of the peer
 * {@link InboundEviction} selects (Bitcoin Core's rules), or is refused when every peer is protected.
 */
public final class PeerManager {
    private static final Logger log = LoggerFactory.getLogger(PeerManager.class);
    private static final long MAINTENANCE_INTERVAL_MILLIS = 500;

    private final NetConfig config;
    private final Transport transport;
    private final Scheduler scheduler;
    private final List<PeerNetwork> networks = new ArrayList<>();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Peer> peers = new LinkedHashMap<>();
    private final MisbehaviourPolicy misbehaviour;
    private final HandshakeDeadline deadline;
    private final FairInbox inbox;
    private final long netGroupSalt;
    private Cancellable maintenance = Cancellable.NONE;
    private InetSocketAddress listeningOn;
    private volatile boolean started;
    private volatile boolean stopped;

    /**
     * @param config node-wide settings: where to listen, the inbound limit, the handshake deadline, bans (each
     *               network's connect list, seeds and outbound target come from its own config)
     */
    public PeerManager(NetConfig config, Transport transport, Scheduler scheduler) {
        this(config, transport, scheduler, new java.security.SecureRandom());
    }

    /**
     * @param random where the salt of inbound eviction's network groups comes from (a node's randomness; seeded in
     *               a simulation, so that which peer is evicted is reproducible)
     */
    public PeerManager(NetConfig config, Transport transport, Scheduler scheduler, java.util.Random random) {
        this.netGroupSalt = random.nextLong();
        this.config = config;
        this.transport = transport;
        this.scheduler = scheduler;
        this.misbehaviour = new MisbehaviourPolicy(config, scheduler);
        this.deadline = new HandshakeDeadline(config.handshakeTimeoutMillis());
        this.inbox = new FairInbox(scheduler::execute);
    }

    /**
     * Runs {@code network} on this manager's connections. Before {@link #start}.
     *
     * @throws IllegalStateException when a network of the same name or the same preamble is already added
     */
    public PeerManager add(PeerNetwork network) {
        if (started) {
            throw new IllegalStateException("networks are added before the peer manager starts");
        }
        for (PeerNetwork n : networks) {
            if (n.name().equals(network.name())) {
                throw new IllegalStateException("network " + network.name() + " is already added");
            }
            if (java.util.Arrays.equals(n.wireFormat().frames().preamble(), network.wireFormat().frames().preamble())) {
                throw new IllegalStateException("networks " + n.name() + " and " + network.name()
                        + " start their frames alike: one listening port cannot tell them apart");
            }
        }
        network.attach(this, new OutboundConnector(this, network, scheduler));
        networks.add(network);
        return this;
    }

    /** The networks this manager runs. */
    public List<PeerNetwork> networks() {
        return List.copyOf(networks);
    }

    /** Tells {@code listener} of the peers of every network, until the returned handle is cancelled. */
    public Cancellable addListener(PeerListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public NetConfig config() {
        return config;
    }

    /** Starts listening (if configured) and connecting. Call from any thread. */
    public void start() throws IOException {
        if (networks.isEmpty()) {
            throw new IllegalStateException("no network to run");
        }
        started = true;
        if (config.listen().isPresent()) {
            List<WireFormat> formats = networks.stream().map(PeerNetwork::wireFormat).toList();
            listeningOn = transport.listen(config.listen().get(), formats, this::handlerForInbound);
            log.info("Listening on {}:{}", listeningOn.getAddress().getHostAddress(), listeningOn.getPort());
        }
        scheduler.execute(() -> {
            networks.forEach(n -> n.outbound().start());
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
        scheduler.execute(() -> {
            List.copyOf(peers.values()).forEach(p -> p.disconnect("shutting down"));
            networks.forEach(n -> n.modules().forEach(PeerModule::stop));
        });
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
        deadline.check(List.copyOf(peers.values()), scheduler.nowMillis());
        for (PeerNetwork n : networks) {
            Collection<Peer> mine = allPeers(n);
            n.modules().forEach(m -> m.maintain(mine));
            n.outbound().maintain();
        }
        inbox.recheckParked(); // the node's send queues may have drained
    }

    /** Connects to {@code address} (outbound) on {@code network}. Engine thread. */
    void connect(PeerNetwork network, InetSocketAddress address) {
        if (stopped) {
            return;
        }
        scheduler.checkEngineThread();
        // an address of the connect list is one the user asked for
        boolean asked = network.config().connect().contains(address);
        transport.connect(address, network.wireFormat(), new Handler(asked ? network : null)).whenComplete((c, e) -> scheduler.execute(() -> {
            if (e != null) {
                // The transport's own exception names the address; only a CompletionException wraps it.
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                network.outbound().connectFailed(address, cause.getMessage());
            } else if (!c.isOpen()) {
                // the peer's first bytes were not a message of this node's networks (a database greets first)
                network.outbound().connectFailed(address, "the connection to " + HostPort.of(address)
                        + " closed as soon as it opened");
            } else {
                network.outbound().connected(address);
                peerFor(c);
            }
        }));
    }

    private ConnectionHandler handlerForInbound(InetSocketAddress remote) {
        if (stopped || misbehaviour.isBanned(remote.getAddress())) {
            log.debug("refused inbound connection from banned {}", remote);
            return null;
        }
        return new Handler(null);
    }

    /** Moves transport events onto the engine thread, each connection's through its lane of the fair inbox. */
    private final class Handler implements ConnectionHandler {
        /** The network whose connect list named the address dialled, or null (inbound, or an address found). */
        private final PeerNetwork askedBy;

        Handler(PeerNetwork askedBy) {
            this.askedBy = askedBy;
        }

        /** Queues one event of {@code c} on its lane. */
        private void onLane(Connection c, Runnable event) {
            inbox.submit(c.id(), c::sendPaused, event);
        }

        @Override
        public void onOpened(Connection c) {
            // An inbound peer is registered at once, so the handshake deadline and the inbound limit apply to
            // one that never says anything (outbound ones are registered when the connect completes).
            if (c.inbound()) {
                onLane(c, () -> peerFor(c));
            }
        }

        @Override
        public void onMessage(Connection c, Message m, int cost) {
            onLane(c, () -> {
                try {
                    handle(c, m);
                } finally {
                    c.releaseInbound(cost);
                }
            });
        }

        @Override
        public void onWireError(Connection c, WireError error) {
            onLane(c, () -> wireError(c, error, askedBy));
        }

        @Override
        public void onWritable(Connection c) {
            // Not on the lane: the lane may be parked until exactly this.
            scheduler.execute(() -> {
                inbox.resume(c.id());
                Peer p = peers.get(c.id());
                if (p != null && p.isReady()) {
                    forEachListener(p.network(), l -> l.onPeerWritable(p));
                }
            });
        }

        @Override
        public void onClosed(Connection c, String reason) {
            onLane(c, () -> closed(c, reason));
        }
    }

    private Peer peerFor(Connection c) {
        Peer p = peers.get(c.id());
        if (p == null && c.isOpen()) {
            if (c.inbound() && inboundCount() >= config.maxInbound() && !evictForNewcomer(c)) {
                c.close("too many inbound connections");
                return null;
            }
            p = new Peer(c, this, scheduler.nowMillis());
            peers.put(c.id(), p);
            bindIfKnown(p);
        }
        return p;
    }

    /**
     * All inbound slots are taken and {@code newcomer} wants one: drops the peer {@link InboundEviction}
     * selects. Returns false when every peer is protected (the newcomer is refused).
     */
    private boolean evictForNewcomer(Connection newcomer) {
        long now = scheduler.nowMillis();
        List<InboundEviction.Candidate> candidates = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (p.inbound() && p.isConnected()) {
                boolean lateHandshake = !p.isReady() && now - p.connectedAtMillis() > InboundEviction.HANDSHAKE_GRACE_MILLIS;
                candidates.add(new InboundEviction.Candidate(p.id(),
                        InboundEviction.keyed(InboundEviction.netGroup(p.address().getAddress()), netGroupSalt),
                        p.connectedAtMillis(), p.minPingMillis(), p.lastNovelBlockMillis(), p.lastNovelTxMillis(),
                        lateHandshake || p.misbehaviourScore() > 0));
            }
        }
        java.util.Optional<Long> victim = InboundEviction.select(candidates);
        if (victim.isEmpty()) {
            log.info("Refused inbound connection from {}: all {} inbound slots are held by protected peers",
                    HostPort.of(newcomer.remoteAddress()), config.maxInbound());
            return false;
        }
        Peer p = peers.get(victim.get());
        log.info("Evicted inbound peer {} ({}) to make room for {}", p, p.isReady() ? "connected "
                + (now - p.connectedAtMillis()) / 1000 + " s" : "no handshake", HostPort.of(newcomer.remoteAddress()));
        p.disconnect("evicted to make room for a new inbound peer");
        return true;
    }

    /** Binds a peer to the network its connection speaks, once known, and starts that network's handshake. */
    private void bindIfKnown(Peer p) {
        if (p.network() != null || p.connection().wireFormat() == null) {
            return;
        }
        WireFormat format = p.connection().wireFormat();
        for (PeerNetwork n : networks) {
            if (n.wireFormat() == format) {
                p.bind(n);
                n.handshake().start(p, this::ready);
                return;
            }
        }
        p.disconnect("speaks no network of this node");
    }

    private void handle(Connection c, Message m) {
        Peer p = peerFor(c);
        // A peer this node dropped is not listened to any more. But the messages of a peer that closed its
        // side arrived before its close, and the reader hands them over before the close event: they are
        // handled (blocks a leaving peer delivered are kept, not fetched again from someone else).
        if (p == null || (!p.isConnected() && p.disconnectReason() != null)) {
            return;
        }
        bindIfKnown(p);
        PeerNetwork n = p.network();
        if (n == null) {
            return;
        }
        p.received(scheduler.nowMillis());
        if (m instanceof IgnoredMessage) {
            log.trace("{} sent {} (ignored)", p, m.command());
        } else if (!p.isReady()) {
            if (!n.handshake().onMessage(p, m, this::ready) && p.isConnected()) {
                misbehaving(p, Penalty.MESSAGE_BEFORE_HANDSHAKE, m.command() + " before the handshake completed");
            }
        } else if (!n.dispatcher().dispatch(p, m)) {
            log.debug("{} sent {}, which no protocol here handles", p, m.command());
        }
    }

    private void ready(Peer p, String description) {
        if (p.isReady() || !p.isConnected()) {
            return;
        }
        p.markReady();
        p.connection().established(); // its reader may take in large messages now
        log.info("Handshake with {} ({}, {})", p, p.inbound() ? "inbound" : "outbound", description);
        forEachListener(p.network(), l -> l.onPeerReady(p));
    }

    /** {@code askedBy}: the network whose connect list named {@code c}'s address, or null. */
    private void wireError(Connection c, WireError error, PeerNetwork askedBy) {
        if (askedBy != null && error.kind() == WireError.Kind.BAD_MAGIC) {
            Peer p = peers.get(c.id());
            if (p == null || !p.isReady()) {
                misbehaviour.notThisProtocol(c, p, askedBy.name(), error);
                return;
            }
        }
        Peer p = peerFor(c);
        if (p == null) {
            misbehaviour.wireErrorBeforeRegistered(c, error);
        } else {
            misbehaviour.wireError(p, error);
        }
    }

    /** Adds misbehaviour points (see {@link MisbehaviourPolicy}). Engine thread. */
    void misbehaving(Peer p, int points, String reason) {
        forEachListener(p.network(), l -> l.onMisbehaviour(p, points, reason));
        misbehaviour.misbehaving(p, points, reason);
    }

    private void closed(Connection c, String reason) {
        inbox.forget(c.id()); // its last event
        Peer p = peers.remove(c.id());
        if (p == null) {
            return;
        }
        String why = p.disconnectReason() != null ? p.disconnectReason() : reason;
        if (p.isReady()) {
            log.info("Disconnected {}: {}", p, why);
            forEachListener(p.network(), l -> l.onPeerGone(p, why));
        } else {
            log.debug("Connection to {} closed before the handshake: {}", p, why);
        }
        PeerNetwork n = p.network();
        if (!c.inbound() && n != null) {
            n.outbound().disconnected(c.remoteAddress(), p.isReady());
            if (!p.isReady() && !stopped) {
                // Opened but never handshaked: another network's node, not a node of this kind, a handshake
                // timeout. For whoever dialled it, as good as unreachable.
                notifyConnectFailed(n, c.remoteAddress(), "the connection to " + HostPort.of(c.remoteAddress())
                        + " closed before the handshake completed: " + why);
            }
        }
    }

    /** The engine's clock, for peers' timestamps. */
    long nowMillis() {
        return scheduler.nowMillis();
    }

    public boolean isBanned(InetAddress address) {
        return misbehaviour.isBanned(address);
    }

    /** Handshaked peers of every network. Engine thread. */
    public Collection<Peer> readyPeers() {
        return peers.values().stream().filter(Peer::isReady).toList();
    }

    /** All connections, handshaked or not. Engine thread. */
    public Collection<Peer> allPeers() {
        return List.copyOf(peers.values());
    }

    Collection<Peer> readyPeers(PeerNetwork n) {
        return peers.values().stream().filter(p -> p.isReady() && p.network() == n).toList();
    }

    Collection<Peer> allPeers(PeerNetwork n) {
        return peers.values().stream().filter(p -> p.network() == n).toList();
    }

    int outboundCount(PeerNetwork n) {
        return (int) peers.values().stream().filter(p -> !p.inbound() && p.network() == n).count();
    }

    private int inboundCount() {
        // A peer being dropped (evicted, say) no longer holds its slot.
        return (int) peers.values().stream().filter(p -> p.inbound() && p.isConnected()).count();
    }

    Set<InetSocketAddress> connectedAddresses(PeerNetwork n) {
        Set<InetSocketAddress> s = new HashSet<>();
        peers.values().stream().filter(p -> p.network() == n).forEach(p -> s.add(p.address()));
        return s;
    }

    void notifyConnectFailed(PeerNetwork n, InetSocketAddress address, String reason) {
        forEachListener(n, l -> l.onConnectFailed(address, reason));
    }

    private void forEachListener(PeerNetwork n, java.util.function.Consumer<PeerListener> event) {
        if (n != null) {
            n.listeners().forEach(event);
        }
        listeners.forEach(event);
    }
}
