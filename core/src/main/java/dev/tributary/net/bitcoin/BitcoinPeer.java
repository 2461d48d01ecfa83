package dev.tributary.net.bitcoin;

import dev.tributary.net.Peer;
import dev.tributary.net.PeerStateKey;

/**
 * What the Bitcoin handshake and its modules keep on a {@link Peer}: what the peer said in {@code version}, the
 * handshake's progress, the best height it is known to have, whether it asked for {@code headers}
 * announcements, and its ping state. Engine thread only.
 */
public final class BitcoinPeer {
    private static final PeerStateKey<BitcoinPeer> KEY = new PeerStateKey<>("bitcoin", p -> new BitcoinPeer());

    private VersionMessage version;
    private long ourNonce;
    private boolean versionSent;
    private boolean verackReceived;
    private boolean prefersHeaders;
    private boolean answeredGetAddr;
    private int bestKnownHeight = -1;
    private long pingNonce;
    private long pingSentAtMillis;
    private long lastPingAtMillis = -1;
    private long lastPingRoundTripMillis = -1;
    private double addrTokens = Double.NaN;
    private long addrTokensAtMillis;

    private BitcoinPeer() {
    }

    /** The Bitcoin state of {@code peer}. Engine thread. */
    public static BitcoinPeer of(Peer peer) {
        return peer.state(KEY);
    }

    /** What the peer said in its {@code version}, or null before it did. */
    public VersionMessage version() {
        return version;
    }

    void setVersion(VersionMessage v) {
        version = v;
        bestKnownHeight = Math.max(bestKnownHeight, v.startHeight());
    }

    /** Height of the best block the peer is known to have (from its version message and announcements), or -1. */
    public int bestKnownHeight() {
        return bestKnownHeight;
    }

    /** Raises {@link #bestKnownHeight()} when an announcement shows the peer has a higher block. */
    public void updateBestKnownHeight(int height) {
        bestKnownHeight = Math.max(bestKnownHeight, height);
    }

    /** Whether the peer advertises NODE_NETWORK and so serves historical blocks. */
    public boolean servesBlocks() {
        return version != null && version.hasServices(VersionMessage.NODE_NETWORK);
    }

    /** Whether the peer advertises NODE_WITNESS; blocks are then requested with their witness data. */
    public boolean servesWitness() {
        return version != null && version.hasServices(VersionMessage.NODE_WITNESS);
    }

    /** Whether the peer asked (with {@code sendheaders}) to be told of new blocks by {@code headers}. */
    public boolean prefersHeaderAnnouncements() {
        return prefersHeaders;
    }

    void setPrefersHeaders() {
        prefersHeaders = true;
    }

    /**
     * Takes up to {@code wanted} address tokens from this peer's bucket (full at first, {@code bucket} at most,
     * refilled at {@code perSecond}); returns how many it got.
     */
    int takeAddrTokens(int wanted, long nowMillis, double bucket, double perSecond) {
        if (Double.isNaN(addrTokens)) {
            addrTokens = bucket;
        } else {
            addrTokens = Math.min(bucket, addrTokens + (nowMillis - addrTokensAtMillis) / 1000.0 * perSecond);
        }
        addrTokensAtMillis = nowMillis;
        int got = (int) Math.min(wanted, Math.floor(addrTokens));
        addrTokens -= got;
        return got;
    }

    /** Round trip of the last answered ping, or -1. */
    public long pingMillis() {
        return lastPingRoundTripMillis;
    }

    long ourNonce() {
        return ourNonce;
    }

    void versionSent(long nonce) {
        ourNonce = nonce;
        versionSent = true;
    }

    boolean versionSent() {
        return versionSent;
    }

    boolean verackReceived() {
        return verackReceived;
    }

    void markVerackReceived() {
        verackReceived = true;
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

    /** When the last ping was sent, or -1 before the first. */
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
}
