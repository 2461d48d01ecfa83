package dev.tributary.node;

import dev.tributary.net.Connection;
import dev.tributary.net.ConnectionHandler;
import dev.tributary.net.Transport;
import dev.tributary.wire.Message;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A {@link Transport} that tells listeners when an outbound connection closes, with the address dialled
 * and the reason, and otherwise passes everything through. The peer manager reports a connection that
 * fails to open ({@code PeerListener.onConnectFailed}) but not one that opens and is then closed before
 * its handshake completes (a peer of another network, a server that is not a Bitcoin node, a handshake
 * timeout); {@link SyncCompletion} needs both to give up on a peer that can never be synced from.
 * Listeners run on the transport's threads and must hand over to the engine thread.
 */
final class OutboundCloseWatch implements Transport {
    private final Transport delegate;
    private final List<BiConsumer<InetSocketAddress, String>> listeners = new CopyOnWriteArrayList<>();

    OutboundCloseWatch(Transport delegate) {
        this.delegate = delegate;
    }

    void addListener(BiConsumer<InetSocketAddress, String> listener) {
        listeners.add(listener);
    }

    @Override
    public CompletableFuture<Connection> connect(InetSocketAddress address, ConnectionHandler handler) {
        return delegate.connect(address, new ConnectionHandler() {
            @Override
            public void onMessage(Connection connection, Message message, int cost) {
                handler.onMessage(connection, message, cost);
            }

            @Override
            public void onWireError(Connection connection, dev.tributary.wire.WireError error) {
                handler.onWireError(connection, error);
            }

            @Override
            public void onWritable(Connection connection) {
                handler.onWritable(connection);
            }

            @Override
            public void onClosed(Connection connection, String reason) {
                handler.onClosed(connection, reason);
                listeners.forEach(l -> l.accept(address, reason));
            }
        });
    }

    @Override
    public InetSocketAddress listen(InetSocketAddress bind, ConnectionHandlerFactory handlers) throws IOException {
        return delegate.listen(bind, handlers);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
