package dev.tributary.node.sim;

import dev.tributary.engine.ManualScheduler;
import dev.tributary.net.InMemoryNetwork;
import dev.tributary.net.LinkConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Simulated nodes, the one way to build them: whole {@link dev.tributary.node.Node}s, each built with the production
 * composition root, on one {@link InMemoryNetwork} and one shared {@link ManualScheduler}, so that a whole network
 * runs on the calling thread, in virtual time, reproducibly: everything random is drawn from the cluster's seed, in
 * an order fixed by the calls made on it.
 *
 * <p>Engine tasks that throw are collected as {@link #failures()} (in production the engine logs them and goes on).
 * Only the simulation's thread uses a cluster.
 */
public final class SimCluster implements AutoCloseable {
    private final ManualScheduler clock;
    private final InMemoryNetwork network;
    private final Random seeds;
    private final List<SimNode> nodes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /**
     * @param clock the shared clock (its start is the simulation's start)
     * @param links how frames travel (change them later through {@link #network()})
     * @param seed  where every node's randomness comes from
     */
    public SimCluster(ManualScheduler clock, LinkConditions links, long seed) {
        this.clock = clock;
        this.network = new InMemoryNetwork(links);
        this.seeds = new Random(seed);
    }

    /** A cluster on a quiet network: every frame arrives once, after {@code latencyMillis}, in order. */
    public SimCluster(ManualScheduler clock, long latencyMillis, long seed) {
        this(clock, LinkConditions.fixedLatency(latencyMillis), seed);
    }

    /** A new node running what {@code recipe} gives, on a host of its own; not started. */
    public SimNode add(String name, SimNode.Recipe recipe) {
        return add(name, recipe, new dev.tributary.store.InMemoryKeyValueStore());
    }

    /** A new node running what {@code recipe} gives, on {@code disk} (which the node never closes); not started. */
    public SimNode add(String name, SimNode.Recipe recipe, dev.tributary.store.KeyValueStore disk) {
        SimNode n = new SimNode(this, name, recipe, disk);
        nodes.add(n);
        return n;
    }

    /** Starts every node not running. */
    public void startAll() {
        nodes.stream().filter(n -> !n.isRunning()).forEach(SimNode::start);
    }

    public List<SimNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The name of the node on {@code host}, or the host's address when no node of this cluster is there. */
    public String nameOf(java.net.InetAddress host) {
        return nodes.stream().filter(n -> n.host().equals(host)).map(SimNode::name).findFirst()
                .orElse(host.getHostAddress());
    }

    public ManualScheduler clock() {
        return clock;
    }

    public InMemoryNetwork network() {
        return network;
    }

    /** Steps virtual time until {@code condition} holds or {@code maxMillis} passed; returns whether it holds. */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        return clock.runUntil(condition, maxMillis);
    }

    /** Engine tasks that threw, one line each ({@code "node-2: <what went wrong>"}), in the order they did. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    SimEngine newEngine(String node) {
        return new SimEngine(clock, node, this::failed);
    }

    long nextSeed() {
        return seeds.nextLong();
    }

    private void failed(String node, RuntimeException e) {
        failures.add(node + ": " + (e.getMessage() != null ? e.getMessage() : "an internal error without a message"));
    }

    /** Stops every running node (as a crash: their disks keep what they hold). */
    @Override
    public void close() {
        nodes.forEach(SimNode::crash);
    }
}
