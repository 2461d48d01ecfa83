package dev.tributary.node.sim;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagParameters;
import dev.tributary.engine.ManualScheduler;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * One whole-network simulation, reproducible from its {@link SimSpec}: honest nodes (real {@code Node}s, see
 * {@link SimCluster}) mine at random steps while faults are injected at others (slow, lossy, reordering, duplicating
 * links; partitions and heals; crashes and restarts from the disk; a hostile node's forgeries); then the network
 * heals, the node that holds most (the most work; the most DAG blocks) mines one more block, and it runs until the
 * honest nodes agree or 30 virtual minutes pass. Then the
 * invariants are judged:
 *
 * <ol>
 *   <li>no engine task failed, at any step;</li>
 *   <li>bounded traffic: no virtual second carries more than {@value #MAX_MESSAGES_PER_NODE_SECOND} messages per
 *       node (a message storm halts the run);</li>
 *   <li>bounded state, at every step: each node's orphan pool, requests in flight, memory pool and per-peer known
 *       inventory stay within their limits, and no node knows more blocks than were made;</li>
 *   <li>convergence: after the heal every honest node holds the same chain (tips) or the same DAG;</li>
 *   <li>nothing invalid accepted: no honest node holds a block (or an invalid header) the hostile node forged;</li>
 *   <li>consistent stores: each chain store passes {@code StoreConsistencyCheck}; each DAG store rebuilds the DAG
 *       its node holds, every block after its parents.</li>
 * </ol>
 *
 * Nothing reads the wall clock, starts a thread or draws from an unseeded random; every collection iterated to
 * make a decision keeps a fixed order. Not thread-safe: one simulation runs on one thread.
 */
public final class Simulation {
    /** Latency of quiet links: before the first fault and after the heal. */
    static final long QUIET_LATENCY_MILLIS = 20;
    /** After the heal, time for nodes to dial each other again (redial backoff reaches 60 s). */
    static final long RECONNECT_MILLIS = 90_000;
    /** After the last block, how long the honest nodes have to agree. */
    static final long SETTLE_MILLIS = 30 * 60_000;
    /** Bound of bounded traffic: messages per virtual second, per node. */
    static final long MAX_MESSAGES_PER_NODE_SECOND = 5_000;
    /** A month after dagtest's genesis, so that blocks mined "now" are valid on both networks. */
    static final long START_MILLIS = (DagParameters.DAGTEST.genesisBlock().header().time() + 30L * 86_400) * 1000;

    private final SimSpec spec;
    private final NodeSetup setup;
    private final Random random;
    private final Probe probe;
    private final FaultyLinks links;
    private final SimCluster cluster;
    private final TrafficMeter traffic;
    private final List<SimNode> honest = new ArrayList<>();
    /** Forged hashes, and whether the header alone was valid. */
    private final Map<Hash, Boolean> forged = new LinkedHashMap<>();
    private final Map<InetAddress, Boolean> side = new LinkedHashMap<>();
    private SimNode hostile;
    private int mined;
    private int crashes;
    private int partitions;
    /** Told of each step as it begins ({@link #run(SimSpec, NodeSetup, IntConsumer)}). */
    private IntConsumer steps = step -> { };

    /** Prepares an honest node before its first start: a test's seam to plant a fault in one of them. */
    @FunctionalInterface
    public interface NodeSetup {
        NodeSetup NONE = (index, node) -> { };

        void prepare(int index, SimNode node);
    }

    private Simulation(SimSpec spec, NodeSetup setup) {
        this.spec = spec;
        this.setup = setup;
        this.random = new Random(spec.seed());
        this.probe = switch (spec.network()) {
            case REGTEST -> new ChainProbe(NetworkParameters.REGTEST);
            case DAGTEST -> new DagProbe(DagParameters.DAGTEST);
        };
        this.links = new FaultyLinks(new Random(random.nextLong()), QUIET_LATENCY_MILLIS);
        this.cluster = new SimCluster(new ManualScheduler(START_MILLIS), links, random.nextLong());
        this.traffic = new TrafficMeter(cluster.clock(), cluster.network(), cluster::nameOf, MAX_MESSAGES_PER_NODE_SECOND
                * (spec.nodes() + 1L));
    }

    /** Runs {@code spec}; never throws for what goes wrong in the nodes, but reports it in the outcome. */
    public static SimOutcome run(SimSpec spec) {
        return run(spec, NodeSetup.NONE);
    }

    /** Runs {@code spec} with {@code setup} applied to each honest node before it first starts. */
    public static SimOutcome run(SimSpec spec, NodeSetup setup) {
        return run(spec, setup, step -> { });
    }

    /**
     * Runs {@code spec} with {@code setup} applied, telling {@code steps} of each step of the faulty phase as it
     * begins (0 to {@code spec.steps() - 1}), then {@code spec.steps()} as the nodes heal and settle: for a caller
     * that says how far a run got.
     */
    public static SimOutcome run(SimSpec spec, NodeSetup setup, IntConsumer steps) {
        Simulation s = new Simulation(spec, setup);
        s.steps = steps;
        return s.run();
    }

    private SimOutcome run() {
        Optional<String> failure;
        String tip = "-";
        try {
            failure = simulate();
            tip = tip();
        } catch (RuntimeException e) {
            failure = Optional.of("the simulation stopped on an unexpected error: " + message(e));
        } finally {
            cluster.close();
        }
        return new SimOutcome(spec, failure, tip, mined, crashes, partitions, forged.size(), traffic.total(),
                traffic.peak(), cluster.clock().nowMillis() - START_MILLIS);
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : "an internal error without a message";
    }

    private String tip() {
        return honest.isEmpty() || !honest.get(0).isRunning() ? "-" : probe.line(honest.get(0));
    }

    private Optional<String> simulate() {
        build();
        cluster.startAll();
        cluster.clock().advance(2_000);
        for (int step = 0; step < spec.steps(); step++) {
            steps.accept(step);
            Optional<String> broken = step(step);
            if (broken.isPresent()) {
                return Optional.of("step " + step + ": " + broken.get());
            }
            cluster.clock().advance(200 + random.nextInt(1_300));
            if (traffic.storm() != null) {
                return Optional.of("step " + step + ": bounded traffic: " + traffic.storm());
            }
        }
        steps.accept(spec.steps());
        heal();
        cluster.clock().advance(RECONNECT_MILLIS);
        Optional<String> broken = mine(heaviest());
        if (broken.isPresent()) {
            return broken;
        }
        boolean converged = cluster.runUntil(this::converged, SETTLE_MILLIS);
        if (traffic.storm() != null) {
            return Optional.of("after the heal: bounded traffic: " + traffic.storm());
        }
        return judge(converged);
    }

    // ---- set-up ----------------------------------------------------------------------------------

    private void build() {
        for (int i = 0; i < spec.nodes(); i++) {
            honest.add(cluster.add("node-" + i, probe.recipe(random)));
        }
        int n = honest.size();
        for (int i = 0; i < n; i++) {
            List<SimNode> peers = new ArrayList<>();
            peers.add(honest.get((i + 1) % n));
            int extra = random.nextInt(n);
            if (n > 2 && extra != i && extra != (i + 1) % n && random.nextBoolean()) {
                peers.add(honest.get(extra));
            }
            honest.get(i).connectTo(peers);
        }
        for (int i = 0; i < n; i++) {
            setup.prepare(i, honest.get(i));
        }
        if (spec.has(Fault.HOSTILE)) {
            hostile = cluster.add("hostile", net -> List.of(probe.hostile((hash, validHeader) ->
                    forged.putIfAbsent(hash, validHeader))));
            hostile.connectTo(honest);
        }
    }

    // ---- the faulty phase ------------------------------------------------------------------------

    private Optional<String> step(int step) {
        double r = random.nextDouble();
        if (r < 0.3) {
            Optional<String> broken = mine();
            if (broken.isPresent()) {
                return broken;
            }
        } else if (r < 0.42 && !spec.faults().isEmpty()) {
            List<Fault> faults = new ArrayList<>(spec.faults());
            inject(faults.get(random.nextInt(faults.size())));
        }
        return checkAlways();
    }

    private List<SimNode> running() {
        return honest.stream().filter(SimNode::isRunning).toList();
    }

    private Optional<String> mine() {
        List<SimNode> up = running();
        return mine(up.get(random.nextInt(up.size())));
    }

    /** The running node that holds most (the first of those that hold as much). */
    private SimNode heaviest() {
        SimNode best = null;
        for (SimNode n : running()) {
            if (best == null || probe.weight(n).compareTo(probe.weight(best)) > 0) {
                best = n;
            }
        }
        return best;
    }

    private Optional<String> mine(SimNode miner) {
        try {
            probe.mine(miner);
        } catch (RuntimeException e) {
            return Optional.of("mining on " + miner.name() + " failed: " + message(e));
        }
        mined++;
        return Optional.empty();
    }

    private void inject(Fault fault) {
        switch (fault) {
            case LATENCY -> {
                if (random.nextInt(3) == 0) {
                    links.latency(QUIET_LATENCY_MILLIS, QUIET_LATENCY_MILLIS);
                } else {
                    long min = 5 + random.nextInt(100);
                    links.latency(min, min + random.nextInt(2_000));
                }
            }
            case LOSS -> links.loss(random.nextInt(3) == 0 ? 0 : 0.02 + 0.28 * random.nextDouble());
            case DUPLICATE -> links.duplication(random.nextInt(3) == 0 ? 0 : 0.02 + 0.28 * random.nextDouble());
            case REORDER -> {
                boolean on = random.nextBoolean();
                links.reorder(on);
                if (on) {
                    links.widen(300);
                }
            }
            case PARTITION -> partitionOrHeal();
            case CRASH -> crashOrRestart();
            case HOSTILE -> {
                if (hostile.isRunning()) {
                    HostileService.Act[] acts = HostileService.Act.values();
                    hostile.node().service(HostileService.class).act(acts[random.nextInt(acts.length)]);
                }
            }
        }
    }

    private void partitionOrHeal() {
        if (!side.isEmpty()) {
            cluster.network().heal();
            side.clear();
            return;
        }
        List<Boolean> sides = new ArrayList<>();
        for (int i = 0; i < honest.size(); i++) {
            sides.add(random.nextBoolean());
        }
        if (sides.stream().distinct().count() == 1) {
            int flip = random.nextInt(sides.size());
            sides.set(flip, !sides.get(flip));
        }
        for (int i = 0; i < honest.size(); i++) {
            side.put(honest.get(i).host(), sides.get(i));
        }
        if (hostile != null) {
            side.put(hostile.host(), random.nextBoolean());
        }
        cluster.network().partition((a, b) -> !side.getOrDefault(a, false).equals(side.getOrDefault(b, false)));
        partitions++;
    }

    private void crashOrRestart() {
        List<SimNode> up = running();
        List<SimNode> down = honest.stream().filter(n -> !n.isRunning()).toList();
        if (!down.isEmpty() && (up.size() == 1 || random.nextBoolean())) {
            down.get(random.nextInt(down.size())).start();
        } else if (up.size() > 1) {
            up.get(random.nextInt(up.size())).crash();
            crashes++;
        }
    }

    // ---- invariants ------------------------------------------------------------------------------

    /** What must hold at every step: no engine task failed, and every running node's state is bounded. */
    private Optional<String> checkAlways() {
        if (!cluster.failures().isEmpty()) {
            return Optional.of("an engine task failed: " + cluster.failures().get(0));
        }
        long made = 1L + mined + forged.values().stream().filter(v -> v).count();
        for (SimNode n : running()) {
            List<String> problems = new ArrayList<>(probe.boundProblems(n));
            long known = probe.known(n);
            if (known > made) {
                problems.add(n.name() + " knows " + known + " blocks, but only " + made + " were made");
            }
            if (!problems.isEmpty()) {
                return Optional.of("bounded state: " + String.join("; ", problems));
            }
        }
        return Optional.empty();
    }

    private void heal() {
        links.quiet(QUIET_LATENCY_MILLIS);
        cluster.network().heal();
        side.clear();
        honest.stream().filter(n -> !n.isRunning()).forEach(SimNode::start);
    }

    private boolean converged() {
        Set<String> tips = new LinkedHashSet<>();
        for (SimNode n : honest) {
            tips.add(probe.tipKey(n));
        }
        return tips.size() == 1;
    }

    private Optional<String> judge(boolean converged) {
        Optional<String> always = checkAlways();
        if (always.isPresent()) {
            return Optional.of("after the heal: " + always.get());
        }
        if (!converged) {
            List<String> tips = honest.stream().map(probe::describe).toList();
            return Optional.of("convergence: the honest nodes still differ " + SETTLE_MILLIS / 60_000
                    + " virtual minutes after the heal: " + String.join("; ", tips));
        }
        for (Map.Entry<Hash, Boolean> f : forged.entrySet()) {
            for (SimNode n : honest) {
                Optional<String> held = probe.holdsForged(n, f.getKey(), f.getValue());
                if (held.isPresent()) {
                    return Optional.of("nothing invalid accepted: " + held.get());
                }
            }
        }
        for (SimNode n : honest) {
            List<String> problems = probe.storeProblems(n);
            if (!problems.isEmpty()) {
                return Optional.of("consistent stores: " + String.join("; ", problems));
            }
        }
        return Optional.empty();
    }
}
