package dev.tributary.net;

/** Peer lifecycle events, on the engine thread. */
public interface PeerListener {

    /** The version/verack handshake completed: the peer may now be used. */
    default void onPeerReady(Peer peer) {
    }

    /** A peer that was ready disconnected. */
    default void onPeerGone(Peer peer, String reason) {
    }

    /** An outbound connection attempt failed (the peer is unreachable, refused, or closed at once). */
    default void onConnectFailed(java.net.InetSocketAddress address, String reason) {
    }

    /** The peer's send queue drained: deferred serving may resume. */
    default void onPeerWritable(Peer peer) {
    }

    /**
     * A protocol found {@code peer} misbehaving and gave it {@code points} (maybe 0) for {@code reason}; told before
     * the points count, so before a ban they bring.
     */
    default void onMisbehaviour(Peer peer, int points, String reason) {
    }
}
