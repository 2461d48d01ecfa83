package dev.tributary.net;

import dev.tributary.sync.SyncPeer;
import dev.tributary.wire.Message;
import dev.tributary.net.bitcoin.VersionMessage;
import java.net.InetSocketAddress;

/**
 * A connected peer: its connection, handshake state, what it told us in {@code version}, its
 * misbehaviour score and liveness. Owned by the engine thread; only the connection is thread-safe.
 */
public final class Peer implements SyncPeer {
    private final Connection connection;
    private final PeerManager manager;
    private final long connectedAtMillis;
    private final long ourNonce;
    private VersionMessage version;
    private boolean versionSent;
    private boolean verackReceived;
    private boolean ready;
    private boolean prefersHeaders;
    private boolean answeredGetAddr;
    private int misbehaviour;
    private int bestKnownHeight = -1;
    private long pingNonce;
    private long pingSentAtMillis;
    private long lastPingAtMillis;
    private long lastPingRoundTripMillis = -1;
    private String disconnectReason;

    Peer(Connection connection, PeerManager manager, long connectedAtMillis, long ourNonce) {
        this.connection = connection;
        this.manager = manager;
        this.connectedAtMillis = connectedAtMillis;
        this.ourNonce = ourNonce;
        this.lastPingAtMillis = connectedAtMillis;
    }

    @Override
    public long id() {
        return connection.id();
    }

    @Override
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

    @Override
    public void send(Message message) {
        connection.send(message);
    }

    @Override
    public void disconnect(String reason) {
        if (disconnectReason == null) {
            disconnectReason = reason;
        }
        connection.close(reason);
    }

    @Override
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

    @Override
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public int bestKnownHeight() {
        return bestKnownHeight;
    }

    @Override
    public void updateBestKnownHeight(int height) {
        bestKnownHeight = Math.max(bestKnownHeight, height);
    }

    @Override
    public boolean servesBlocks() {
        return version != null && version.hasServices(VersionMessage.NODE_NETWORK);
    }

    @Override
    public boolean servesWitness() {
        return version != null && version.hasServices(VersionMessage.NODE_WITNESS);
    }

    @Override
    public boolean prefersHeaderAnnouncements() {
        return prefersHeaders;
    }

    void setPrefersHeaders() {
        prefersHeaders = true;
    }

    @Override
    public long queuedSendBytes() {
        return connection.queuedBytes();
    }

    /** What the peer said in its {@code version}, or null before it did. */
    public VersionMessage version() {
        return version;
    }

    void setVersion(VersionMessage v) {
        version = v;
        bestKnownHeight = Math.max(bestKnownHeight, v.startHeight());
    }

    boolean versionSent() {
        return versionSent;
    }

    void markVersionSent() {
        versionSent = true;
    }

    boolean verackReceived() {
        return verackReceived;
    }

    void markVerackReceived() {
        verackReceived = true;
    }

    /** True once version and verack went both ways. */
    public boolean isReady() {
        return ready;
    }

    void markReady() {
        ready = true;
    }

    long ourNonce() {
        return ourNonce;
    }

    long connectedAtMillis() {
        return connectedAtMillis;
    }

    boolean answeredGetAddr() {
        return answeredGetAddr;
    }

    void markAnsweredGetAddr() {
        answeredGetAddr = true;
    }

    long pingNonce() {
        return pingNonce;
    }

    long pingSentAtMillis() {
        return pingSentAtMillis;
    }

    long lastPingAtMillis() {
        return lastPingAtMillis;
    }

    void pingSent(long nonce, long now) {
        pingNonce = nonce;
        pingSentAtMillis = now;
        lastPingAtMillis = now;
    }

    void pongReceived(long now) {
        lastPingRoundTripMillis = now - pingSentAtMillis;
        pingNonce = 0;
    }

    /** Round trip of the last answered ping, or -1. */
    public long pingMillis() {
        return lastPingRoundTripMillis;
    }

    String disconnectReason() {
        return disconnectReason;
    }

    @Override
    public String toString() {
        return label();
    }
}
