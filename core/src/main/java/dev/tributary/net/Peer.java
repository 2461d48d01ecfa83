package dev.tributary.net;

import dev.tributary.wire.Message;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A connected peer as the peer layer sees it: its connection, the {@link PeerNetwork} it speaks, whether its
 * network's handshake completed, its misbehaviour score, and the state each protocol keeps on it
 * ({@link #state}). Nothing here is specific to a protocol: what a Bitcoin peer said in {@code version} is the
 * Bitcoin handshake's state on the peer.
 *
 * <p>Owned by the engine thread; only the connection is thread-safe.
 */
public final class Peer {
    private final Connection connection;
    private final PeerManager manager;
    private final long connectedAtMillis;
    private final Map<PeerStateKey<?>, Object> states = new IdentityHashMap<>();
    private PeerNetwork network;
    private boolean ready;
    private int misbehaviour;
    private String disconnectReason;
    private long messagesReceived;
    private long lastMessageAtMillis;
    // what inbound eviction protects a peer by
    private long minPingMillis = -1;
    private long lastNovelBlockMillis;
    private long lastNovelTxMillis;

    Peer(Connection connection, PeerManager manager, long connectedAtMillis) {
        this.connection = connection;
        this.manager = manager;
        this.connectedAtMillis = connectedAtMillis;
        this.lastMessageAtMillis = connectedAtMillis;
    }

    /** Unique for the lifetime of the process. */
    public long id() {
        return connection.id();
    }

    /** Short name for logs, such as {@code 127.0.0.1:18444}. */
    public String label() {
        return HostPort.of(connection.remoteAddress());
    }

    public InetSocketAddress address() {
        return connection.remoteAddress();
    }

    public boolean inbound() {
        return connection.inbound();
    }

    Connection connection() {
        return connection;
    }

    /** The network this peer speaks; null for an inbound connection that has not said anything yet. */
    public PeerNetwork network() {
        return network;
    }

    void bind(PeerNetwork n) {
        network = n;
    }

    /**
     * The state {@code key}'s protocol keeps on this peer, made on first use. Engine thread.
     */
    @SuppressWarnings("unchecked")
    public <T> T state(PeerStateKey<T> key) {
        Object s = states.get(key);
        if (s == null) {
            s = key.create(this);
            states.put(key, s);
        }
        return (T) s;
    }

    /** Queues a message; never blocks. Does nothing once the peer is disconnected. */
    public void send(Message message) {
        connection.send(message);
    }

    /** Drops the connection, logging {@code reason} once. */
    public void disconnect(String reason) {
        if (disconnectReason == null) {
            disconnectReason = reason;
        }
        connection.close(reason);
    }

    /**
     * Adds {@code points} to the peer's misbehaviour score with a one-line reason; at 100 the peer is
     * disconnected and its address banned.
     */
    public void misbehave(int points, String reason) {
        manager.misbehaving(this, points, reason);
    }

    int addMisbehaviour(int points) {
        misbehaviour += points;
        return misbehaviour;
    }

    public int misbehaviourScore() {
        return misbehaviour;
    }

    public boolean isConnected() {
        return connection.isOpen();
    }

    /** Bytes queued for sending and not yet written: serving pauses above a limit. */
    public long queuedSendBytes() {
        return connection.queuedBytes();
    }

    /**
     * Whether answers to this peer should wait: its send queue is full (it does not read), by the node's
     * {@link OutboundBudget}. Serving pauses meanwhile.
     */
    public boolean sendPaused() {
        return connection.sendPaused();
    }

    /** Bytes read from the peer so far, or -1 when the transport does not count them. Any thread. */
    public long bytesReceived() {
        return connection.bytesReceived();
    }

    /** Bytes written to the peer so far, or -1 when the transport does not count them. Any thread. */
    public long bytesSent() {
        return connection.bytesSent();
    }

    /** A ping round trip of {@code millis} was measured (by the network's ping protocol). */
    public void notePing(long millis) {
        minPingMillis = minPingMillis < 0 ? millis : Math.min(minPingMillis, millis);
    }

    /** The peer sent a block new to this node. */
    public void noteNovelBlock() {
        lastNovelBlockMillis = manager.nowMillis();
    }

    /** The peer sent a transaction new to this node. */
    public void noteNovelTransaction() {
        lastNovelTxMillis = manager.nowMillis();
    }

    /** The lowest ping round trip measured, or -1: inbound eviction protects the fastest peers. */
    public long minPingMillis() {
        return minPingMillis;
    }

    /** When it last sent a block new to this node, or 0: inbound eviction protects recent senders. */
    public long lastNovelBlockMillis() {
        return lastNovelBlockMillis;
    }

    /** When it last sent a transaction new to this node, or 0. */
    public long lastNovelTxMillis() {
        return lastNovelTxMillis;
    }

    /** True once the network's handshake completed: protocols may use the peer. */
    public boolean isReady() {
        return ready;
    }

    void markReady() {
        ready = true;
    }

    /** When the connection opened, on the engine's clock. */
    public long connectedAtMillis() {
        return connectedAtMillis;
    }

    /** Messages received from the peer. */
    public long messagesReceived() {
        return messagesReceived;
    }

    /** When the last message arrived (the connection time before any). */
    public long lastMessageAtMillis() {
        return lastMessageAtMillis;
    }

    void received(long nowMillis) {
        messagesReceived++;
        lastMessageAtMillis = nowMillis;
    }

    /** Why this node dropped the peer (the first reason given), or null while it has not. */
    public String disconnectReason() {
        return disconnectReason;
    }

    @Override
    public String toString() {
        return label();
    }
}
