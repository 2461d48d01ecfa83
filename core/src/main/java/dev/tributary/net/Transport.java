package dev.tributary.net;

import dev.tributary.wire.WireFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Makes connections: TCP in production, in memory in simulations. A transport knows no protocol: each
 * connection carries the {@link WireFormat} it speaks, given when dialling and recognized from the first bytes
 * of an inbound connection among the formats the listener accepts.
 */
public interface Transport extends AutoCloseable {

    /** Connects to {@code address} speaking {@code format}; the future fails with a one-line reason when it cannot. */
    CompletableFuture<Connection> connect(InetSocketAddress address, WireFormat format, ConnectionHandler handler);

    /**
     * Accepts inbound connections on {@code bind}, each speaking one of {@code formats} (told apart by their
     * preambles, which must differ); returns the bound address (with the real port when {@code bind} asked for
     * port 0). A connection whose first bytes start none of the formats gets a {@code BAD_MAGIC} wire error and
     * is closed.
     */
    InetSocketAddress listen(InetSocketAddress bind, List<WireFormat> formats, ConnectionHandlerFactory handlers)
            throws IOException;

    @Override
    void close();

    /** Chooses the handler of an inbound connection, or refuses it by returning null (a banned address, say). */
    @FunctionalInterface
    interface ConnectionHandlerFactory {
        ConnectionHandler forInbound(InetSocketAddress remote);
    }
}
