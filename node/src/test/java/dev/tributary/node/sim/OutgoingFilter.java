package dev.tributary.node.sim;

import dev.tributary.net.Connection;
import dev.tributary.net.ConnectionHandler;
import dev.tributary.net.Transport;
import dev.tributary.wire.Message;
import dev.tributary.wire.WireError;
import dev.tributary.wire.WireFormat;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A test-only transport decorator that plants a bug in one node: every message the node sends passes
 * {@code drop} first, and is silently not sent when it says so (as if the node's code forgot to send it). The node's
 * own code runs unchanged; only what leaves it is filtered. For {@link SimNode#wrapTransport}.
 */
public final class OutgoingFilter implements Transport {
    private final Transport inner;
    private final Predicate<Message> drop;
    private final Map<Connection, Connection> wrapped = new IdentityHashMap<>();

    public OutgoingFilter(Transport inner, Predicate<Message> drop) {
        this.inner = inner;
        this.drop = drop;
    }

    @Override
    public CompletableFuture<Connection> connect(InetSocketAddress address, WireFormat format, ConnectionHandler handler) {
        return inner.connect(address, format, handler(handler)).thenApply(this::wrap);
    }

    @Override
    public InetSocketAddress listen(InetSocketAddress bind, List<WireFormat> formats, ConnectionHandlerFactory handlers)
            throws java.io.IOException {
        return inner.listen(bind, formats, remote -> {
            ConnectionHandler h = handlers.forInbound(remote);
            return h == null ? null : handler(h);
        });
    }

    @Override
    public void close() {
        inner.close();
    }

    private Connection wrap(Connection c) {
        return wrapped.computeIfAbsent(c, Filtered::new);
    }

    private ConnectionHandler handler(ConnectionHandler h) {
        return new ConnectionHandler() {
            @Override
            public void onOpened(Connection c) {
                h.onOpened(wrap(c));
            }

            @Override
            public void onMessage(Connection c, Message m, int cost) {
                h.onMessage(wrap(c), m, cost);
            }

            @Override
            public void onWireError(Connection c, WireError error) {
                h.onWireError(wrap(c), error);
            }

            @Override
            public void onWritable(Connection c) {
                h.onWritable(wrap(c));
            }

            @Override
            public void onClosed(Connection c, String reason) {
                h.onClosed(wrap(c), reason);
                wrapped.remove(c);
            }
        };
    }

    /** A connection whose sends pass the filter. */
    private final class Filtered implements Connection {
        private final Connection c;

        Filtered(Connection c) {
            this.c = c;
        }

        @Override
        public long id() {
            return c.id();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return c.remoteAddress();
        }

        @Override
        public boolean inbound() {
            return c.inbound();
        }

        @Override
        public WireFormat wireFormat() {
            return c.wireFormat();
        }

        @Override
        public void send(Message message) {
            if (!drop.test(message)) {
                c.send(message);
            }
        }

        @Override
        public void close(String reason) {
            c.close(reason);
        }

        @Override
        public boolean isOpen() {
            return c.isOpen();
        }

        @Override
        public long queuedBytes() {
            return c.queuedBytes();
        }

        @Override
        public boolean sendPaused() {
            return c.sendPaused();
        }

        @Override
        public void established() {
            c.established();
        }

        @Override
        public void releaseInbound(int cost) {
            c.releaseInbound(cost);
        }
    }
}
