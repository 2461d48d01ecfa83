package dev.tributary.node.chain;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.inventory.InventoryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The library's entry point for the common case: a node that syncs one chain from the peers it is given, and a
 * way to wait until it has their best chain. What {@code tributary sync} does, for a program:
 *
 * <pre>{@code
 * try (ChainSync sync = ChainSync.of(NetworkParameters.REGTEST, Path.of("/tmp/chain")).from("127.0.0.1:18444").start()) {
 *     HeaderSyncData tip = sync.await(Duration.ofMinutes(5));
 *     System.out.println(TipLine.of(tip));
 * }
 * }</pre>
 *
 * <p>Defaults: headers-first, <b>headers only</b> (a peer that serves no blocks, such as a headers-only node, is
 * enough; {@link Builder#blocks()} downloads the block bodies too and then needs a peer that serves them), a
 * RocksDB store under {@code DATADIR/store}, only the given peers (no DNS seeds, no listening socket), and a stall
 * timeout of {@value #DEFAULT_STALL_SECONDS} s. {@link Builder#start()} watches for completion before the node
 * connects, so no event is missed; the sync then ends, in bounded time, one of three ways:
 * <ul>
 *   <li>{@link #await} returns the synced tip (the best header; blocks-first, the best block);</li>
 *   <li>it throws an {@link IOException} whose message says why, in words: a peer cannot be reached or closes the
 *       connection before the handshake (as a node of another network does), no peer serves the blocks asked for, every peer lacks the next block, or nothing
 *       arrived for the stall timeout (naming what is missing and what each peer offers);</li>
 *   <li>{@link #await(Duration)} throws a {@link TimeoutException} when its own limit passes first.</li>
 * </ul>
 * The node keeps running after the sync (it serves what it has to its peers) until {@link #close()}.
 *
 * <p>Thread-safe: {@link #await} may be called from any thread, any number of times.
 */
public final class ChainSync implements AutoCloseable {
    /** The stall timeout unless {@link Builder#stallTimeout} says otherwise: as {@code tributary sync}'s. */
    public static final long DEFAULT_STALL_SECONDS = 180;
    /** How often {@link #await} checks for a stall. */
    private static final long POLL_MILLIS = 250;

    private final Node node;
    private final CompletableFuture<HeaderSyncData> done;
    private final SyncWatchdog watchdog;

    private ChainSync(Node node, CompletableFuture<HeaderSyncData> done, SyncWatchdog watchdog) {
        this.node = node;
        this.done = done;
        this.watchdog = watchdog;
    }

    /**
     * A sync of {@code network}'s chain into {@code datadir} (created if missing; a directory that holds another
     * network's chain is refused when the node starts).
     */
    public static Builder of(NetworkParameters network, Path datadir) {
        return new Builder(network, datadir);
    }

    /**
     * Waits until the node has its peers' best chain.
     *
     * @return the synced tip: the best header (headers-first), the best block (blocks-first)
     * @throws IOException          naming why the chain cannot be had from the peers, or what is missing when
     *                              nothing arrived for the stall timeout
     * @throws InterruptedException when the waiting thread is interrupted (the sync goes on)
     */
    public HeaderSyncData await() throws IOException, InterruptedException {
        try {
            return await(false, 0);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline", e);
        }
    }

    /**
     * Waits at most {@code timeout} until the node has its peers' best chain.
     *
     * @return the synced tip: the best header (headers-first), the best block (blocks-first)
     * @throws IOException          naming why the chain cannot be had from the peers, or what is missing when
     *                              nothing arrived for the stall timeout
     * @throws TimeoutException     when {@code timeout} passed first (the sync goes on)
     * @throws InterruptedException when the waiting thread is interrupted (the sync goes on)
     */
    public HeaderSyncData await(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long nanos;
        try {
            nanos = Math.max(0, timeout.toNanos());
        } catch (ArithmeticException tooLong) {
            return await();
        }
        return await(true, System.nanoTime() + nanos);
    }

    private HeaderSyncData await(boolean bounded, long deadline)
            throws IOException, TimeoutException, InterruptedException {
        while (true) {
            try {
                return done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw new IOException(io.getMessage(), io);
                }
                throw new IOException("the sync failed: " + cause.getMessage(), cause);
            } catch (TimeoutException e) {
                synchronized (watchdog) {
                    watchdog.check();
                }
                if (bounded && System.nanoTime() - deadline >= 0) {
                    throw new TimeoutException("not synced within the time given");
                }
            }
        }
    }

    /** Completes with the synced tip, or fails naming why; without the stall timeout, which only {@link #await} applies. */
    public CompletableFuture<HeaderSyncData> completion() {
        return done.copy();
    }

    /** The node, for more than syncing: its status, its peers, its engine. */
    public Node node() {
        return node;
    }

    /** The node's chain: its tips, its status, mining on regtest. */
    public ChainService chain() {
        return ChainService.of(node);
    }

    /** Disconnects and closes the node and its store. Idempotent. */
    @Override
    public void close() {
        node.close();
    }

    /** What to sync, from whom, and how. */
    public static final class Builder {
        private final NetworkParameters network;
        private final Path datadir;
        private final List<InetSocketAddress> peers = new ArrayList<>();
        private final List<SyncListener> listeners = new ArrayList<>();
        private boolean blocks;
        private SyncMode mode = SyncMode.HEADERS;
        private StoreKind store = StoreKind.ROCKSDB;
        private InetSocketAddress listen;
        private long stallSeconds = DEFAULT_STALL_SECONDS;
        private UnaryOperator<NodeConfig> tuning = UnaryOperator.identity();

        private Builder(NetworkParameters network, Path datadir) {
            this.network = Objects.requireNonNull(network, "network");
            this.datadir = Objects.requireNonNull(datadir, "datadir");
        }

        /**
         * A peer to sync from, as {@code HOST:PORT} ({@code [::1]:8333} for IPv6); at least one is needed.
         *
         * @throws IllegalArgumentException when it is not HOST:PORT with a port from 1 to 65535
         */
        public Builder from(String hostPort) {
            return from(parse(hostPort));
        }

        /** A peer to sync from; at least one is needed. */
        public Builder from(InetSocketAddress peer) {
            peers.add(Objects.requireNonNull(peer, "peer"));
            return this;
        }

        /** Downloads the block bodies too (a full node): then a peer must serve blocks. */
        public Builder blocks() {
            blocks = true;
            return this;
        }

        /** Headers-first (the default) or blocks-first; blocks-first always downloads blocks. */
        public Builder mode(SyncMode value) {
            mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /** Keeps the chain in memory instead of RocksDB (gone when the node closes). */
        public Builder inMemory() {
            store = StoreKind.MEMORY;
            return this;
        }

        /** Also listens for peers at {@code address} (port 0: any free port), serving them what the node has. */
        public Builder listen(InetSocketAddress address) {
            listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * How long {@link ChainSync#await} lets nothing arrive (neither a header nor a block) before it fails naming
         * what is missing; in blocks-first mode also how long a sync peer may send no block before it is replaced.
         *
         * @throws IllegalArgumentException unless from 1 s to a day
         */
        public Builder stallTimeout(Duration value) {
            long seconds = value.toSeconds();
            if (seconds < 1 || seconds > 86_400) {
                throw new IllegalArgumentException("the stall timeout must be from 1 s to a day, not " + value);
            }
            stallSeconds = seconds;
            return this;
        }

        /** Told of each header and block stored, and of each pass (engine thread). */
        public Builder listener(SyncListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Any other setting, on the node's configuration as this builder made it (network tunables, a trusted start). */
        public Builder configure(UnaryOperator<NodeConfig> change) {
            tuning = Objects.requireNonNull(change, "change");
            return this;
        }

        /**
         * Opens the store, starts watching for completion, then connects to the peers.
         *
         * @throws IllegalStateException when no peer was given
         * @throws IOException           when the listening address cannot be bound
         * @throws dev.tributary.store.StoreException when the data directory cannot be used or holds another
         *                               network's chain
         */
        public ChainSync start() throws IOException {
            if (peers.isEmpty()) {
                throw new IllegalStateException("no peer to sync from: name one with from(\"HOST:PORT\")");
            }
            NetConfig net = NetConfig.defaults().withConnect(peers).withSeeds(List.of(), false).withListen(listen)
                    .withRedialUnreached(false);
            long stallMillis = stallSeconds * 1000;
            NodeConfig base = NodeConfig.of(network, datadir).withNet(net).withStore(store).withMode(mode);
            base = base.withSync(base.sync().withDownloadBlocks(blocks || mode == SyncMode.BLOCKS))
                    .withInventory(base.inventory().withStall(stallMillis,
                            Math.min(InventoryConfig.DEFAULT_STALL_CHECK_MILLIS, Math.max(100, stallMillis / 10))));
            NodeConfig config = tuning.apply(base);
            BlockSources sources = new BlockSources();
            List<SyncListener> all = new ArrayList<>(listeners);
            all.add(sources);
            Node node = ChainService.node(config, all);
            try {
                CompletableFuture<HeaderSyncData> done = SyncCompletion.watch(node, peers);
                boolean inventory = config.mode() == SyncMode.BLOCKS;
                SyncWatchdog watchdog = new SyncWatchdog(node, config.fullNode(), stallSeconds,
                        inventory ? () -> ChainService.of(node).blockBodiesWritten() : sources::blocks,
                        System::nanoTime);
                node.start();
                return new ChainSync(node, done, watchdog);
            } catch (IOException | RuntimeException e) {
                node.close();
                throw e;
            }
        }

        private static InetSocketAddress parse(String hostPort) {
            Objects.requireNonNull(hostPort, "hostPort");
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isEmpty() || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("not HOST:PORT with a port from 1 to 65535: \"" + hostPort + "\"");
            }
            return new InetSocketAddress(host, port);
        }
    }
}
