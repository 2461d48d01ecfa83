package dev.tributary.node;

import dev.tributary.engine.EventLoop;
import dev.tributary.net.HostPort;
import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerManager;
import dev.tributary.net.RateLimiter;
import dev.tributary.net.TcpTransport;
import dev.tributary.sync.ChainServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The running part that every kind of node shares, used by composition from {@link Node} and {@link DagNode}:
 * the engine thread, the TCP transport (the network's magic and messages, the upload limit and connect timeout
 * of the {@link NetConfig}) and the peer manager over it, and their lifecycle.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Threads.</b> Everything stateful runs on the engine thread. {@link #call} runs a query there and waits
 *       up to {@link #CALL_TIMEOUT_MILLIS}; {@link #execute} queues a task without waiting. Both may be used from
 *       any thread.</li>
 *   <li><b>Start.</b> {@link #start} listens (when the config says where) and connects; a listening socket that
 *       cannot be bound fails naming the address.</li>
 *   <li><b>Close.</b> {@link #close} disconnects every peer, runs the owner's {@code stopProtocol} on the engine
 *       (its timers), waits up to {@link #DRAIN_MILLIS} for queued tasks to finish, stops the engine thread and
 *       only then runs the owner's {@code closeStore}, so no task touches a closed store. The first call does
 *       it; later calls do nothing.</li>
 * </ul>
 * What runs over the peers (the sync protocol) and the store belong to the owner.
 */
final class NodeRuntime {
    /** How long {@link #call} waits for the engine. */
    static final long CALL_TIMEOUT_MILLIS = 30_000;
    /** How long {@link #close} lets queued engine tasks finish. */
    static final long DRAIN_MILLIS = 5_000;

    private final EventLoop engine;
    private final NetConfig net;
    private final PeerManager peers;
    private boolean closed;

    /**
     * @param engine the engine thread, owned from now on
     * @param net    node-wide network settings (where to listen, upload limit, connect timeout)
     */
    NodeRuntime(EventLoop engine, NetConfig net) {
        this.engine = engine;
        this.net = net;
        long rate = net.maxUploadBytesPerSecond();
        TcpTransport transport = new TcpTransport(rate > 0 ? new RateLimiter(rate) : null,
                ChainServer.SEND_QUEUE_SOFT_LIMIT, net.connectTimeoutMillis());
        this.peers = new PeerManager(net, transport, engine);
    }

    EventLoop engine() {
        return engine;
    }

    /** Engine thread only, but for the listeners' registration and {@link #listeningAddress}. */
    PeerManager peers() {
        return peers;
    }

    InetSocketAddress listeningAddress() {
        return peers.listeningAddress();
    }

    /**
     * Starts listening and connecting.
     *
     * @throws IOException naming the address when the listening socket cannot be bound
     */
    void start() throws IOException {
        try {
            peers.start();
        } catch (IOException e) {
            // Binding the listening socket is the only I/O here; the JDK's message does not say which address.
            InetSocketAddress a = net.listen().orElse(null);
            if (a == null) {
                throw e;
            }
            throw new IOException("cannot listen on " + HostPort.of(a) + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code query} on the engine thread and returns its result; fails if the engine does not answer. */
    <T> T call(Supplier<T> query) {
        try {
            return engine.call(query, CALL_TIMEOUT_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not answer within " + CALL_TIMEOUT_MILLIS / 1000 + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs {@code task} on the engine thread, without waiting. */
    void execute(Runnable task) {
        engine.execute(task);
    }

    /**
     * Disconnects, stops the protocol's timers on the engine, drains and stops the engine, then closes the store.
     * Idempotent.
     *
     * @param stopProtocol run on the engine thread before it drains
     * @param closeStore   run on the calling thread once the engine has stopped
     */
    synchronized void close(Runnable stopProtocol, Runnable closeStore) {
        if (closed) {
            return;
        }
        closed = true;
        peers.stop();
        engine.execute(stopProtocol);
        try {
            engine.call(() -> null, DRAIN_MILLIS);
        } catch (TimeoutException | InterruptedException | RuntimeException ignored) {
            // closing anyway
        }
        engine.close();
        closeStore.run();
    }
}
