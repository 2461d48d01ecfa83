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
 * blocks, so it runs on a small pool of its own, never on the engine thread. All connections share the node's
 * {@link PeerBudgets}.
 *
 * <p>The accept loop is supervised: whatever ends it (an {@link Error} such as running out of memory or
 * threads included) is logged in one line and the loop starts again after a pause, so the node never stops
 * accepting while its listening socket is open; only closing the transport ends it.
 */
public final class TcpTransport implements Transport {
    /**
     * Connections the kernel may hold before they are accepted: enough that a churn of hundreds of attacking
     * connections (each accepted at once and evicted if need be) does not leave an honest peer's SYN unanswered.
     */
    static final int ACCEPT_BACKLOG = 1024;
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

    private final RateLimiter uploadLimit;
    private final long writableThreshold;
    private final int connectTimeoutMillis;
    private final PeerBudgets budgets;
    private final ExecutorService connector = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "net-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile ServerSocket server;
    private volatile TrafficObserver traffic = TrafficObserver.NONE;

    /**
     * @param uploadLimit          the node's upload limit shared by every connection, or null for none
     * @param writableThreshold    the send-queue size below which a connection reports it is writable again
     * @param connectTimeoutMillis how long an outbound connect may take
     */
    public TcpTransport(RateLimiter uploadLimit, long writableThreshold, int connectTimeoutMillis) {
        this(uploadLimit, writableThreshold, connectTimeoutMillis, PeerBudgets.defaults());
    }

    /** @param budgets the node's memory budgets, shared by all its connections */
    public TcpTransport(RateLimiter uploadLimit, long writableThreshold, int connectTimeoutMillis,
            PeerBudgets budgets) {
        this.budgets = budgets;
        this.uploadLimit = uploadLimit;
        this.writableThreshold = writableThreshold;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** Tells {@code observer} of every frame read or written by connections made from now on. */
    public TcpTransport observeTraffic(TrafficObserver observer) {
        traffic = java.util.Objects.requireNonNull(observer, "observer");
        return this;
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
                        writableThreshold, budgets, traffic));
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                result.completeExceptionally(new IOException("cannot connect to " + address.getHostString() + ":"
                        + address.getPort() + ": " + connectFailure(e, connectTimeoutMillis), e));
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
        s.bind(bind, ACCEPT_BACKLOG);
        server = s;
        Thread acceptor = new Thread(() -> superviseAccepting(s, accepted, handlers), "net-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    /** How long the acceptor pauses after the loop failed, before it accepts again. */
    static final long ACCEPT_RESTART_MILLIS = 200;

    /**
     * Runs the accept loop until the listening socket closes, starting it again whenever it fails: the node is
     * never left deaf by one failure. Errors (out of memory, no more threads) are survived the same way; the
     * memory they needed is usually released by the connection that failed.
     */
    private void superviseAccepting(ServerSocket s, List<WireFormat> formats, ConnectionHandlerFactory handlers) {
        while (!s.isClosed()) {
            try {
                acceptLoop(s, formats, handlers);
            } catch (Throwable t) { // supervision: nothing may end accepting silently
                if (s.isClosed()) {
                    return;
                }
                log.error("Accepting connections failed ({}); accepting again in {} ms", describe(t),
                        ACCEPT_RESTART_MILLIS);
                try {
                    Thread.sleep(ACCEPT_RESTART_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Why a connection could not be made, in words: the socket's own message in lower case as the rest of the line
     * is ({@code connection refused}, {@code no route to host}), a host that does not resolve and a timeout said as
     * such (Java's messages are {@code Connection refused}, the bare host name, {@code Connect timed out}).
     */
    static String connectFailure(Exception e, int timeoutMillis) {
        if (e instanceof java.net.UnknownHostException) {
            return "cannot resolve host " + e.getMessage();
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer within " + (timeoutMillis >= 1000 ? timeoutMillis / 1000 + " s" : timeoutMillis + " ms");
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "connection failed";
        }
        boolean capitalized = message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1));
        return capitalized ? Character.toLowerCase(message.charAt(0)) + message.substring(1) : message;
    }

    /** A failure in the user's terms, for one log line: no exception class names. */
    static String describe(Throwable t) {
        // a failure caused by running out of memory says so, not its own words: after an OutOfMemoryError, Java's
        // try-with-resources can fail with "Self-suppression not permitted", the error as its cause
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return "the node ran out of memory (" + c.getMessage() + ")";
            }
            if (c instanceof StackOverflowError) {
                return "the node ran out of stack";
            }
        }
        return t.getMessage() != null ? t.getMessage() : "an unexpected failure";
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
                TcpConnection.start(socket, true, formats, handler, uploadLimit, writableThreshold, budgets, traffic);
            } catch (SocketException e) {
                if (!s.isClosed()) {
                    log.warn("accept failed: {}", e.getMessage());
                }
                closeQuietly(socket);
            } catch (IOException | RuntimeException e) {
                log.warn("Accepting a connection failed: {}", describe(e));
                closeQuietly(socket);
            } catch (Error e) {
                closeQuietly(socket);
                throw e;
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
