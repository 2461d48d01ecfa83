package dev.tributary.net;

import dev.tributary.wire.Message;
import dev.tributary.wire.WireError;

/**
 * Receives a connection's events, on the transport's threads. Implementations hand them to the engine
 * thread and return at once.
 */
public interface ConnectionHandler {

    /**
     * The connection is open, before any other event. A handler that registers connections only when they
     * first speak would never see one that stays silent, so could not time it out.
     */
    default void onOpened(Connection connection) {
    }

    /** A decoded message; {@code cost} is to be passed to {@link Connection#releaseInbound(int)} once processed. */
    void onMessage(Connection connection, Message message, int cost);

    /** Bytes that did not decode; a fatal error is followed by {@link #onClosed}. */
    void onWireError(Connection connection, WireError error);

    /** The send queue drained below the soft limit. */
    void onWritable(Connection connection);

    /** The connection closed, for the given reason. Called exactly once. */
    void onClosed(Connection connection, String reason);
}
