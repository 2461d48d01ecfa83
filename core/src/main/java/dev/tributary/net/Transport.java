package dev.tributary.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** Makes connections: TCP in production, in memory in simulations. */
public interface Transport extends AutoCloseable {

    /** Connects to {@code address}; the future fails with a one-line reason when it cannot. */
    CompletableFuture<Connection> connect(InetSocketAddress address, ConnectionHandler handler);

    /**
     * Accepts inbound connections on {@code bind}; returns the bound address (with the real port when
     * {@code bind} asked for port 0).
     */
    InetSocketAddress listen(InetSocketAddress bind, ConnectionHandlerFactory handlers)
            throws IOException;

    @Override
    void close();

    /** Chooses the handler of an inbound connection, or refuses it by returning null (a banned address, say). */
    @FunctionalInterface
    interface ConnectionHandlerFactory {
        ConnectionHandler forInbound(InetSocketAddress remote);
    }
}
