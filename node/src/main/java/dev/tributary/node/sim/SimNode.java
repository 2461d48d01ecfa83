package dev.tributary.node.sim;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.InMemoryNetwork;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Transport;
import dev.tributary.node.Node;
import dev.tributary.node.NodeService;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.dag.DagService;
import dev.tributary.node.db.DbService;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.inventory.InventoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * One node of a {@link SimCluster}: a real {@link Node}, built with {@link Node#builder} from its {@link Recipe}'s
 * services, on the cluster's shared clock (through a {@link SimEngine} of its own), an {@link InMemoryNetwork}
 * endpoint on a host of its own, and a store that plays its disk (an {@link InMemoryKeyValueStore} unless the
 * cluster was given another), which the node never closes.
 *
 * <p>It can {@link #crash} (its engine stops at once, its connections drop, the node is closed; the disk keeps what
 * was written) and {@link #restart} on the same host from the same disk, as a new {@code Node}. Each incarnation
 * draws its randomness from the cluster's seed.
 *
 * <p>Only the simulation's thread uses it.
 */
public final class SimNode {
    /** The port every simulated node listens on (each has a host of its own). */
    public static final int PORT = 8333;

    private final SimCluster cluster;
    private final String name;
    private final Recipe recipe;
    private final InetAddress host;
    private KeyValueStore disk;
    private final List<InetSocketAddress> connect = new ArrayList<>();
    private UnaryOperator<NetConfig> netSettings = UnaryOperator.identity();
    private UnaryOperator<Transport> transportWrapper = UnaryOperator.identity();
    private SimEngine engine;
    private InMemoryNetwork.Endpoint endpoint;
    private Node node;
    private int starts;

    /** What a node runs: its services, made for the node's network settings (which name its peers). */
    @FunctionalInterface
    public interface Recipe {
        List<NodeService.Factory> services(NetConfig net);

        /** A chain as {@code config} says (its store and network settings are the simulation's). */
        static Recipe chain(NodeConfig config, List<SyncListener> listeners) {
            return net -> List.of(ChainService.factory(config.withStore(StoreKind.MEMORY).withNet(net), listeners));
        }

        /** A chain of {@code network}, synced in {@code mode}, with default settings. */
        static Recipe chain(NetworkParameters network, SyncMode mode) {
            return chain(NodeConfig.of(network, Path.of("sim")).withMode(mode), List.of());
        }

        /** The dagtest BlockDAG with {@code inventory}'s settings. */
        static Recipe dag(InventoryConfig inventory) {
            return net -> List.of(DagService.factory(inventory));
        }

        /**
         * The database service alone ({@link DbService}), on the node's simulated store, writing as {@code identity}
         * (the same in every incarnation, as a real node keeps it in its data directory) and replicating with the
         * peers the node dials.
         */
        static Recipe db(LocalIdentity identity) {
            Objects.requireNonNull(identity, "identity");
            return net -> List.of(DbService.factory(identity));
        }

        /** A dagtest node that speaks soterd's messages alone, without DAG reconciliation. */
        static Recipe soterdDag(InventoryConfig inventory) {
            return net -> List.of(DagService.factory(inventory, false));
        }
    }

    SimNode(SimCluster cluster, String name, Recipe recipe, KeyValueStore disk) {
        this.cluster = cluster;
        this.name = name;
        this.recipe = recipe;
        this.disk = disk;
        this.engine = cluster.newEngine(name);
        this.endpoint = cluster.network().endpoint(engine);
        this.host = endpoint.host();
    }

    public String name() {
        return name;
    }

    /** Where the node listens: its host, {@link #PORT}. */
    public InetSocketAddress address() {
        return new InetSocketAddress(host, PORT);
    }

    public InetAddress host() {
        return host;
    }

    /** Adds {@code peers} to the addresses this node dials (and redials), from its next start. */
    public SimNode connectTo(List<SimNode> peers) {
        peers.forEach(p -> connect.add(p.address()));
        return this;
    }

    /** Changes the node's network settings (timeouts, limits) from its next start. */
    public SimNode netSettings(UnaryOperator<NetConfig> change) {
        netSettings = Objects.requireNonNull(change);
        return this;
    }

    /**
     * A seam for tests that plant a fault in one node's traffic (a node that drops some of its answers, say): the
     * node's transport is wrapped by {@code wrapper} from its next start. Simulations of healthy nodes leave it.
     */
    public SimNode wrapTransport(UnaryOperator<Transport> wrapper) {
        transportWrapper = Objects.requireNonNull(wrapper);
        return this;
    }

    /** The network settings the node starts with: listening, dialling only its peers, no discovery. */
    public NetConfig net() {
        return netSettings.apply(NetConfig.defaults().withListen(new InetSocketAddress(PORT)).withConnect(connect)
                .withSeeds(List.of(), false));
    }

    /** Builds the node on its disk and starts it (it listens and dials its peers). */
    public SimNode start() {
        if (node != null) {
            throw new IllegalStateException(name + " is running");
        }
        if (starts > 0) {
            engine = cluster.newEngine(name);
            endpoint = cluster.network().endpoint(engine, host);
        }
        starts++;
        NetConfig net = net();
        Node.Builder b = Node.builder(name).engine(engine).transport(transportWrapper.apply(endpoint)).store(disk)
                .net(net).random(new Random(cluster.nextSeed()));
        recipe.services(net).forEach(b::service);
        Node built = b.build();
        try {
            built.start();
        } catch (IOException e) {
            built.close();
            throw new UncheckedIOException(e);
        }
        node = built;
        return this;
    }

    /**
     * The process dies: nothing of it runs any more, its connections drop (its peers hear of it after the link's
     * delay), and the node is closed. Its disk keeps every write made before.
     */
    public void crash() {
        if (node == null) {
            return;
        }
        engine.kill();
        endpoint.close();
        Node dead = node;
        node = null;
        dead.close();
    }

    /** Starts again on the same host, from the disk: a new {@link Node}, which reopens its stores. */
    public SimNode restart() {
        crash();
        return start();
    }

    public boolean isRunning() {
        return node != null;
    }

    /** How many times the node was started (restarts included). */
    public int starts() {
        return starts;
    }

    /**
     * The running node.
     *
     * @throws IllegalStateException when it is down
     */
    public Node node() {
        if (node == null) {
            throw new IllegalStateException(name + " is down");
        }
        return node;
    }

    /** The node's chain service. */
    public ChainService chain() {
        return ChainService.of(node());
    }

    /** The node's dagtest service. */
    public DagService dag() {
        return DagService.of(node());
    }

    /** The node's database service. */
    public DbService db() {
        return DbService.of(node());
    }

    /** The node's disk: what survives a crash. */
    public KeyValueStore disk() {
        return disk;
    }

    /**
     * Puts another disk in while the node is down (a test that closed its store and opened it again, as a process
     * restarting on a real disk does).
     *
     * @throws IllegalStateException when the node is running
     */
    public void replaceDisk(KeyValueStore value) {
        if (node != null) {
            throw new IllegalStateException(name + " is running");
        }
        disk = Objects.requireNonNull(value);
    }

    /** The engine of the current incarnation. */
    public SimEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return name;
    }
}
