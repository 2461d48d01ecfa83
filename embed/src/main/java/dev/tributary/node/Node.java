package dev.tributary.node;

import dev.tributary.engine.EventLoop;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.HostPort;
import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerManager;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.RateLimiter;
import dev.tributary.net.TcpTransport;
import dev.tributary.net.Transport;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import dev.tributary.store.StoreException;
import dev.tributary.sync.ChainServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A Tributary node: the composition root. One engine thread, one store, one transport with one listening port,
 * one peer manager, and the {@link NodeService}s assembled on them (a chain, a DAG, ...), each running its
 * networks over the shared peers. Everything stateful runs on the engine thread; {@link #call(Supplier)} runs a
 * query there and may be used from any thread.
 *
 * <p>Production nodes take the defaults: an {@link EventLoop}, TCP, RocksDB under {@code DIR/store}, a
 * {@link SecureRandom}. A simulation injects a manual scheduler, an in-memory transport and store, and a seeded
 * random, and runs whole nodes in one thread, reproducibly: the composition is the same.
 *
 * <p>Lifecycle: {@link Builder#build} opens the store and every service (nothing is connected yet);
 * {@link #start} listens and connects; {@link #close} disconnects, stops the services' timers on the engine,
 * drains and stops the engine, closes the services and then the store. Close is idempotent.
 */
public final class Node implements AutoCloseable {
    /** How long {@link #call} waits for the engine. */
    static final long CALL_TIMEOUT_MILLIS = 30_000;
    /** How long {@link #close} lets queued engine tasks finish. */
    static final long DRAIN_MILLIS = 5_000;
    /** Where a node keeps its RocksDB store in its data directory. */
    public static final String STORE_DIRECTORY = "store";

    private final Scheduler engine;
    private final boolean ownsEngine;
    private final KeyValueStore store;
    private final boolean ownsStore;
    private final NetConfig net;
    private final PeerManager peers;
    private final Map<String, NodeService> services = new LinkedHashMap<>();
    private final Path datadir;
    private final NodeMeters meters = new NodeMeters();
    private boolean closed;

    private Node(Builder b, KeyValueStore store) {
        this.engine = b.engine != null ? b.engine : new EventLoop("engine-" + b.name);
        this.ownsEngine = b.engine == null;
        this.store = store;
        this.ownsStore = b.store == null;
        this.net = b.net;
        this.datadir = b.datadir;
        Transport transport = b.transport != null ? b.transport : tcp(b.net).observeTraffic(meters);
        Random random = b.random != null ? b.random : new SecureRandom();
        this.peers = new PeerManager(b.net, transport, engine, random);
        ServiceContext context = new ServiceContext(engine, this::call, store,
                b.store == null && b.kind == StoreKind.ROCKSDB, b.net, random, b.datadir, store.keyspaces());
        for (NodeService.Factory f : b.services) {
            NodeService s = f.open(context);
            if (services.putIfAbsent(s.name(), s) != null) {
                throw new IllegalStateException("two services are named " + s.name());
            }
            s.networks().forEach(peers::add);
        }
        meters.bind(engine, store, peers);
        peers.addListener(meters);
        services.values().forEach(s -> s.meters(meters.forService()));
    }

    private static TcpTransport tcp(NetConfig net) {
        long rate = net.maxUploadBytesPerSecond();
        return new TcpTransport(rate > 0 ? new RateLimiter(rate) : null, ChainServer.SEND_QUEUE_SOFT_LIMIT,
                net.connectTimeoutMillis());
    }

    /** A node to assemble; {@code name} names its engine thread ({@code engine-NAME}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A node kept in {@code datadir}, its engine thread named after the directory ({@code engine-NAME}, as a log
     * line shows which node of several said it).
     */
    public static Builder builder(Path datadir) {
        Path name = datadir.getFileName();
        return builder(name == null ? "node" : name.toString()).datadir(datadir);
    }

    /** Where a node whose data directory is {@code datadir} keeps its RocksDB store. */
    public static Path storeDirectory(Path datadir) {
        return datadir.resolve(STORE_DIRECTORY);
    }

    /**
     * Opens the root store of a data directory, for tools that read a stopped node's store.
     *
     * @throws StoreException naming {@code datadir} when a running node or another command holds it ({@link
     *                        StoreException#isInUse()})
     */
    public static KeyValueStore openStore(StoreKind kind, Path datadir) {
        return switch (kind) {
            case ROCKSDB -> openRocksDb(datadir);
            case MEMORY -> new InMemoryKeyValueStore();
        };
    }

    private static KeyValueStore openRocksDb(Path datadir) {
        try {
            return RocksDbKeyValueStore.open(storeDirectory(datadir));
        } catch (StoreException e) {
            throw namingDatadir(datadir, e);
        }
    }

    /**
     * {@code e} said in the user's terms when its store was in use ({@link StoreException#isInUse()}): the data
     * directory the user named, not the store directory inside it; {@code e} itself otherwise.
     */
    public static StoreException namingDatadir(Path datadir, StoreException e) {
        if (!e.isInUse()) {
            return e;
        }
        return StoreException.inUse("datadir " + datadir + " is in use: a running node or another command holds its"
                + " store (" + storeDirectory(datadir).resolve("LOCK") + "); stop it, or give another --datadir", e);
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
            InetSocketAddress a = net.listen().orElse(null);
            if (a == null) {
                throw e;
            }
            String why = e instanceof java.net.BindException b ? ListenFailure.reason(b) : e.getMessage();
            throw new IOException("cannot listen for peers on " + HostPort.of(a) + ": " + why, e);
        }
    }

    /** Runs {@code query} on the engine thread and returns its result; fails if the engine does not answer. */
    public <T> T call(Supplier<T> query) {
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
    public void execute(Runnable task) {
        engine.execute(task);
    }

    /** The engine: its clock, timers and task queue. */
    public Scheduler engine() {
        return engine;
    }

    /** Engine thread only, but for registering listeners: the peer manager. */
    public PeerManager peers() {
        return peers;
    }

    /** Tells {@code listener} of the peers of every network of the node. */
    public void addPeerListener(PeerListener listener) {
        peers.addListener(listener);
    }

    /** The services, in the order they were added. */
    public List<NodeService> services() {
        return List.copyOf(services.values());
    }

    /** The service of type {@code type}, if the node runs one. */
    public <S extends NodeService> Optional<S> find(Class<S> type) {
        return services.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * The service of type {@code type}.
     *
     * @throws IllegalStateException naming the services the node runs, when none is of that type
     */
    public <S extends NodeService> S service(Class<S> type) {
        return find(type).orElseThrow(() -> new IllegalStateException("this node runs no " + type.getSimpleName()
                + " (it runs " + String.join(", ", services.keySet()) + ")"));
    }

    /** The node's networks, over all services. */
    public List<PeerNetwork> networks() {
        return peers.networks();
    }

    public NetConfig net() {
        return net;
    }

    /** The data directory (for a node on disk). */
    public Path datadir() {
        return datadir;
    }

    public InetSocketAddress listeningAddress() {
        return peers.listeningAddress();
    }

    /** What the node has, in one consistent read on the engine thread: its peers and each service's section. */
    public NodeStatus status() {
        return call(() -> {
            Map<String, Object> sections = new LinkedHashMap<>();
            services.forEach((name, s) -> sections.put(name, s.status()));
            return new NodeStatus(peers.readyPeers().size(), sections);
        });
    }

    /**
     * The node's meters: register more with {@link io.micrometer.core.instrument.MeterRegistry}'s builders (services
     * register theirs through {@link NodeService#meters}).
     */
    public io.micrometer.core.instrument.MeterRegistry meters() {
        return meters.registry();
    }

    /**
     * Every meter of the node in Prometheus's text format (version 0.0.4), engine state read in one engine task
     * ({@code GET /metrics}). Any thread.
     */
    public String scrapeMetrics() {
        return meters.scrape(refresh -> call(() -> {
            refresh.run();
            return null;
        }));
    }

    /** Disconnects, stops the services' timers and the engine, then closes the services and the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        peers.stop();
        engine.execute(() -> services.values().forEach(NodeService::stop));
        try {
            engine.call(() -> null, DRAIN_MILLIS);
        } catch (TimeoutException | InterruptedException | RuntimeException ignored) {
            // closing anyway
        }
        if (ownsEngine && engine instanceof EventLoop loop) {
            loop.close();
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (NodeService s : services.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (ownsStore) {
            store.close();
        }
        meters.close();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** What a node is made of. */
    public static final class Builder {
        private final String name;
        private Path datadir = Path.of(".");
        private StoreKind kind = StoreKind.ROCKSDB;
        private KeyValueStore store;
        private NetConfig net = NetConfig.defaults();
        private Scheduler engine;
        private Transport transport;
        private Random random;
        private final List<NodeService.Factory> services = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Where the node keeps its data (its RocksDB store under {@code DIR/store}). */
        public Builder datadir(Path value) {
            datadir = Objects.requireNonNull(value);
            return this;
        }

        /** RocksDB (the default) or memory; ignored when {@link #store} is given. */
        public Builder storeKind(StoreKind value) {
            kind = Objects.requireNonNull(value);
            return this;
        }

        /** A store to use instead of opening one; the node does not close it (a simulation's "disk"). */
        public Builder store(KeyValueStore value) {
            store = value;
            return this;
        }

        public Builder net(NetConfig value) {
            net = Objects.requireNonNull(value);
            return this;
        }

        /** An engine to run on instead of a new {@link EventLoop}; the node does not stop it. */
        public Builder engine(Scheduler value) {
            engine = value;
            return this;
        }

        /** A transport instead of TCP. */
        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        /** The node's randomness (a simulation passes a seeded one). */
        public Builder random(Random value) {
            random = value;
            return this;
        }

        public Builder service(NodeService.Factory factory) {
            services.add(Objects.requireNonNull(factory));
            return this;
        }

        /**
         * Opens the store and the services.
         *
         * @throws IllegalStateException when there is no service, two share a name, or two networks clash
         * @throws dev.tributary.store.StoreException when the data directory cannot be used
         */
        public Node build() {
            if (services.isEmpty()) {
                throw new IllegalStateException("a node needs at least one service");
            }
            KeyValueStore s = store != null ? store : openStore(kind, datadir);
            try {
                return new Node(this, s);
            } catch (RuntimeException e) {
                if (store == null) {
                    s.close();
                }
                throw e;
            }
        }
    }
}
