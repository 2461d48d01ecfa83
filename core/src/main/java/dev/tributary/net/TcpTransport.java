package dev.tributary.net;

import dev.tributary.wire.WireFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link TcpConnection}s: outbound by {@link #connect}, inbound through {@link #listen}. Connecting
 * blocks, so it runs on a small pool of its own, never on the engine thread.
 */
public final class TcpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

    private final RateLimiter uploadLimit;
    private final long writableThreshold;
    private final int connectTimeoutMillis;
    private final ExecutorService connector = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "net-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile ServerSocket server;

    /**
     * @param uploadLimit          the node's upload limit shared by every connection, or null for none
     * @param writableThreshold    the send-queue size below which a connection reports it is writable again
     * @param connectTimeoutMillis how long an outbound connect may take
     */
    public TcpTransport(RateLimiter uploadLimit, long writableThreshold, int connectTimeoutMillis) {
        this.uploadLimit = uploadLimit;
        this.writableThreshold = writableThreshold;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public CompletableFuture<Connection> connect(InetSocketAddress address, WireFormat format,
            ConnectionHandler handler) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        connector.execute(() -> {
            Socket socket = new Socket();
            try {
                socket.connect(address, connectTimeoutMillis);
                configure(socket);
                result.complete(TcpConnection.start(socket, false, List.of(format), handler, uploadLimit,
                        writableThreshold));
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                result.completeExceptionally(new IOException("cannot connect to " + address.getHostString() + ":"
                        + address.getPort() + ": " + e.getMessage(), e));
            }
        });
        return result;
    }

    @Override
    public InetSocketAddress listen(InetSocketAddress bind, List<WireFormat> formats,
            ConnectionHandlerFactory handlers) throws IOException {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("a listener needs at least one wire format");
        }
        List<WireFormat> accepted = List.copyOf(formats);
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(bind, 128);
        server = s;
        Thread acceptor = new Thread(() -> acceptLoop(s, accepted, handlers), "net-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    private void acceptLoop(ServerSocket s, List<WireFormat> formats, ConnectionHandlerFactory handlers) {
        while (!s.isClosed()) {
            Socket socket = null;
            try {
                socket = s.accept();
                InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
                ConnectionHandler handler = handlers.forInbound(remote);
                if (handler == null) {
                    closeQuietly(socket);
                    continue;
                }
                configure(socket);
                TcpConnection.start(socket, true, formats, handler, uploadLimit, writableThreshold);
            } catch (SocketException e) {
                if (!s.isClosed()) {
                    log.warn("accept failed: {}", e.getMessage());
                }
                closeQuietly(socket);
            } catch (IOException | RuntimeException e) {
                log.warn("accept failed: {}", e.toString());
                closeQuietly(socket);
            }
        }
    }

    private static void configure(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do with a socket that failed
            }
        }
    }

    @Override
    public void close() {
        ServerSocket s = server;
        if (s != null) {
            closeQuietly(s);
        }
        connector.shutdownNow();
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
