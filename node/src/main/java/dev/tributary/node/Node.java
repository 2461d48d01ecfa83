package dev.tributary.node;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.EventLoop;
import dev.tributary.net.HeadersFirstProtocol;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerManager;
import dev.tributary.net.RateLimiter;
import dev.tributary.net.TcpTransport;
import dev.tributary.sync.ChainServer;
import dev.tributary.sync.ChainState;
import dev.tributary.sync.LoggingSyncListener;
import dev.tributary.sync.SyncListener;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.VersionMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A Tributary node: the composition root that wires the store, the chain, the engine thread, the TCP
 * transport, the peer manager and headers-first sync together, and the one place that starts and stops
 * them. Everything stateful runs on the node's engine thread; {@link #call(Supplier)} runs a query there.
 */
public final class Node implements AutoCloseable {
    private final NodeConfig config;
    private final EventLoop engine;
    private final ChainState chain;
    private final TcpTransport transport;
    private final PeerManager peers;
    private final HeadersFirstProtocol protocol;
    private boolean closed;

    private Node(NodeConfig config, ChainState chain, EventLoop engine, List<SyncListener> listeners) {
        this.config = config;
        this.chain = chain;
        this.engine = engine;
        long rate = config.net().maxUploadBytesPerSecond();
        this.transport = new TcpTransport(config.network().magic(), MessageCodec.bitcoin(),
                rate > 0 ? new RateLimiter(rate) : null, ChainServer.SEND_QUEUE_SOFT_LIMIT,
                config.net().connectTimeoutMillis());
        boolean full = config.sync().downloadBlocks();
        long services = full ? VersionMessage.NODE_NETWORK | VersionMessage.NODE_WITNESS : 0;
        this.peers = new PeerManager(config.net(), config.network(), transport, engine,
                () -> full ? chain.blockTip().height() : chain.mainTip().height(), services, new SecureRandom());
        List<SyncListener> all = new ArrayList<>(listeners);
        all.add(0, new LoggingSyncListener(engine));
        SyncListener listener = SyncListener.composite(all);
        chain.addListener(listener);
        this.protocol = HeadersFirstProtocol.install(peers, chain, engine, config.sync(), listener);
    }

    /**
     * Opens the node's store and chain, without starting the network. Fails with a one-line message when
     * the data directory cannot be used.
     */
    public static Node open(NodeConfig config, List<SyncListener> listeners) {
        ChainState chain = ChainStores.openChain(config.store(), config.datadir(), config.network(), config.start());
        EventLoop engine = new EventLoop("engine-" + config.datadir().getFileName());
        return new Node(config, chain, engine, listeners);
    }

    /**
     * Starts listening and connecting.
     *
     * @throws IOException naming the address when the listening socket cannot be bound
     */
    public void start() throws IOException {
        try {
            peers.start();
        } catch (IOException e) {
            // Binding the listening socket is the only I/O here; the JDK's message does not say which address.
            InetSocketAddress a = config.net().listen().orElse(null);
            if (a == null) {
                throw e;
            }
            String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            throw new IOException("cannot listen on " + host + ":" + a.getPort() + ": " + e.getMessage(), e);
        }
    }

    public NodeConfig config() {
        return config;
    }

    /** Runs {@code query} on the engine thread and returns its result. */
    public <T> T call(Supplier<T> query) {
        try {
            return engine.call(query, 30_000);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs {@code task} on the engine thread, without waiting. */
    public void execute(Runnable task) {
        engine.execute(task);
    }

    public EventLoop engine() {
        return engine;
    }

    /** Engine thread only: the chain. */
    public ChainState chain() {
        return chain;
    }

    /** Engine thread only: the peer manager. */
    public PeerManager peers() {
        return peers;
    }

    /** Engine thread only: headers-first sync and serving. */
    public HeadersFirstProtocol protocol() {
        return protocol;
    }

    public void addPeerListener(PeerListener listener) {
        peers.addListener(listener);
    }

    public InetSocketAddress listeningAddress() {
        return peers.listeningAddress();
    }

    /** The best header chain's tip. */
    public HeaderSyncData mainTip() {
        return call(chain::mainTip);
    }

    /** The highest block stored with all its ancestors. */
    public HeaderSyncData blockTip() {
        return call(chain::blockTip);
    }

    /** Disconnects, stops the engine and closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        peers.stop();
        try {
            engine.call(() -> null, 5_000);
        } catch (TimeoutException | InterruptedException | RuntimeException ignored) {
            // closing anyway
        }
        engine.close();
        chain.persist().close();
    }
}
