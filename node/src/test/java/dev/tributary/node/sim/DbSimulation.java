package dev.tributary.node.sim;

import dev.tributary.engine.ManualScheduler;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.db.AccessSpec;
import dev.tributary.oplog.db.DatabaseType;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.oplog.entry.Clock;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One simulated run of database replication, reproducible from its seed: three nodes running the database service
 * alone ({@link SimNode.Recipe#db}) replicate one keyvalue database anyone may write. Every node writes at random
 * steps (puts, overwrites and deletes of a few keys, often at the same virtual instant as another node), while the
 * links get slow, lossy, duplicating and reordering, one node is cut off by a partition and later healed, and a node
 * crashes and later restarts from its disk. Then every fault heals, the run goes on until the replicas agree (or
 * {@link #SETTLE_MILLIS} pass), and for another {@link #QUIET_MILLIS} to check that they stay so. Judged:
 *
 * <ol>
 *   <li>no engine task failed, and no virtual second carried a message storm;</li>
 *   <li>every replica holds every entry any node wrote, and nothing else;</li>
 *   <li>every replica has the same heads, and they are the heads of the written DAG (the entries no other entry
 *       names as {@code next});</li>
 *   <li>every replica's {@code all()} is what OrbitDB's keyvalue gives for those entries: for each key the operation
 *       of the entry last in OrbitDB's order (Lamport time, then the clock id compared as text) wins, a delete
 *       removing the key; records listed oldest write first.</li>
 * </ol>
 *
 * Test code, single-threaded: everything runs on the calling thread, in virtual time.
 */
final class DbSimulation {
    static final long QUIET_LATENCY_MILLIS = 20;
    /** After the heal, how long (virtual) the replicas have to agree; redial backoff reaches 60 s. */
    static final long SETTLE_MILLIS = 10 * 60_000;
    /** After they agree, how long (virtual) they must stay so. */
    static final long QUIET_MILLIS = 60_000;
    static final long MAX_MESSAGES_PER_SECOND = 20_000;
    static final int NODES = 3;
    static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4");

    /** What a run gives: its failure if any, and a trace of its end to compare replays by. */
    record Outcome(long seed, Optional<String> failure, String trace, int writes, int crashes, int partitions,
            long virtualMillis) {
    }

    private record Op(String kind, String key, Object value) {
    }

    private final long seed;
    private final int steps;
    private final Random random;
    private final FaultyLinks links;
    private final SimCluster cluster;
    private final TrafficMeter traffic;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<Cid, Op> written = new LinkedHashMap<>();
    private String address;
    private InetAddress lone;
    private int crashes;
    private int partitions;

    private DbSimulation(long seed, int steps) {
        this.seed = seed;
        this.steps = steps;
        this.random = new Random(seed);
        this.links = new FaultyLinks(new Random(random.nextLong()), QUIET_LATENCY_MILLIS);
        this.cluster = new SimCluster(new ManualScheduler(), links, random.nextLong());
        this.traffic = new TrafficMeter(cluster.clock(), cluster.network(), cluster::nameOf, MAX_MESSAGES_PER_SECOND);
    }

    /** Runs seed {@code seed} for {@code steps} faulty steps; never throws for what goes wrong in the nodes. */
    static Outcome run(long seed, int steps) {
        DbSimulation s = new DbSimulation(seed, steps);
        Optional<String> failure;
        String trace = "-";
        try {
            failure = s.simulate();
            trace = s.trace();
        } catch (RuntimeException e) {
            failure = Optional.of("the simulation stopped on an unexpected error: " + e);
        } finally {
            s.cluster.close();
        }
        return new Outcome(seed, failure, trace, s.written.size(), s.crashes, s.partitions,
                s.cluster.clock().nowMillis() - ManualScheduler.DEFAULT_START_MILLIS);
    }

    private Optional<String> simulate() {
        for (int i = 0; i < NODES; i++) {
            LocalIdentity identity = LocalIdentity.fromPrivateKeys(privateKey(), privateKey());
            nodes.add(cluster.add("node-" + i, SimNode.Recipe.db(identity)));
        }
        for (int i = 0; i < NODES; i++) {
            nodes.get(i).connectTo(nodes.subList(i + 1, NODES));
        }
        cluster.startAll();
        for (SimNode n : nodes) {
            KeyValue kv = n.db().replicate((KeyValue) n.db().library().open("shared", DatabaseType.KEYVALUE,
                    AccessSpec.anyone()));
            if (address != null && !address.equals(kv.address())) {
                return Optional.of(n.name() + " opened 'shared' at " + kv.address() + ", not at " + address);
            }
            address = kv.address();
        }
        cluster.clock().advance(1_000);
        // Each run cuts one node off once and crashes one once, at steps of its own, besides the random faults.
        int partitionAt = random.nextInt(steps / 2);
        int healAt = partitionAt + 1 + random.nextInt(steps / 2);
        int crashAt = random.nextInt(steps / 2);
        int restartAt = crashAt + 1 + random.nextInt(steps / 2);
        SimNode crashed = null;
        for (int step = 0; step < steps; step++) {
            if (step == partitionAt) {
                partition();
            }
            if (step == healAt) {
                cluster.network().heal();
                lone = null;
            }
            if (step == crashAt) {
                crashed = nodes.get(random.nextInt(NODES));
                crashed.crash();
                crashes++;
            }
            if (step == restartAt) {
                crashed.start();
            }
            step();
            cluster.clock().advance(10 + random.nextInt(800));
            Optional<String> broken = checkAlways();
            if (broken.isPresent()) {
                return Optional.of("step " + step + ": " + broken.get());
            }
        }
        links.quiet(QUIET_LATENCY_MILLIS);
        cluster.network().heal();
        lone = null;
        nodes.stream().filter(n -> !n.isRunning()).forEach(SimNode::start);
        boolean converged = cluster.runUntil(this::converged, SETTLE_MILLIS);
        Optional<String> broken = checkAlways();
        if (broken.isPresent()) {
            return Optional.of("after the heal: " + broken.get());
        }
        if (!converged) {
            return Optional.of("convergence: the replicas still differ " + SETTLE_MILLIS / 60_000
                    + " virtual minutes after the heal: " + describe());
        }
        String agreed = heads(nodes.get(0));
        cluster.clock().advance(QUIET_MILLIS);
        broken = checkAlways();
        if (broken.isPresent()) {
            return Optional.of("after convergence: " + broken.get());
        }
        if (!converged() || !heads(nodes.get(0)).equals(agreed)) {
            return Optional.of("quiescence: the replicas changed after they agreed: " + describe());
        }
        return judge();
    }

    /** A valid secp256k1 private key drawn from the seed. */
    private byte[] privateKey() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        k[0] &= 0x7f; // below the group order
        k[31] |= 1; // not zero
        return k;
    }

    // ---- the faulty phase ------------------------------------------------------------------------

    private void step() {
        double r = random.nextDouble();
        if (r < 0.6) {
            // one to three writes at the same virtual instant, on nodes picked at random
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                SimNode n = nodes.get(random.nextInt(NODES));
                if (n.isRunning()) {
                    write(n);
                }
            }
        } else if (r < 0.8) {
            switch (random.nextInt(4)) {
                case 0 -> links.loss(random.nextInt(3) == 0 ? 0 : 0.02 + 0.28 * random.nextDouble());
                case 1 -> links.duplication(random.nextInt(3) == 0 ? 0 : 0.02 + 0.28 * random.nextDouble());
                case 2 -> {
                    boolean on = random.nextBoolean();
                    links.reorder(on);
                    if (on) {
                        links.widen(300);
                    }
                }
                default -> {
                    long min = 5 + random.nextInt(100);
                    links.latency(min, min + random.nextInt(1_000));
                }
            }
        }
    }

    private void write(SimNode n) {
        KeyValue kv = kv(n);
        String key = KEYS.get(random.nextInt(KEYS.size()));
        Cid cid;
        if (random.nextInt(4) == 0) {
            cid = kv.del(key);
            written.put(cid, new Op("DEL", key, null));
        } else {
            Object value = random.nextBoolean() ? (Object) (n.name() + "-" + written.size())
                    : (Object) (long) random.nextInt(1_000);
            cid = kv.put(key, value);
            written.put(cid, new Op("PUT", key, value));
        }
    }

    private KeyValue kv(SimNode n) {
        return (KeyValue) n.db().library().open(address, DatabaseType.KEYVALUE, null);
    }

    private void partition() {
        lone = nodes.get(random.nextInt(NODES)).host();
        InetAddress cut = lone;
        cluster.network().partition((a, b) -> a.equals(cut) != b.equals(cut));
        partitions++;
    }

    // ---- invariants ------------------------------------------------------------------------------

    private Optional<String> checkAlways() {
        if (!cluster.failures().isEmpty()) {
            return Optional.of("an engine task failed: " + cluster.failures().get(0));
        }
        if (traffic.storm() != null) {
            return Optional.of("bounded traffic: " + traffic.storm());
        }
        return Optional.empty();
    }

    private boolean converged() {
        Set<String> heads = new LinkedHashSet<>();
        for (SimNode n : nodes) {
            if (!n.isRunning() || kv(n).size() != written.size()) {
                return false;
            }
            heads.add(heads(n));
        }
        return heads.size() == 1;
    }

    private String heads(SimNode n) {
        return kv(n).log().headCids().stream().map(Cid::toString).sorted().collect(Collectors.joining(","));
    }

    private String describe() {
        return nodes.stream().map(n -> n.isRunning() ? n.name() + " holds " + kv(n).size() + " of " + written.size()
                + " entries, heads [" + heads(n) + "], peers " + n.db().replication().progress(address)
                : n.name() + " is down").collect(Collectors.joining("; "));
    }

    private Optional<String> judge() {
        // The DAG as written: the heads are the entries no other names as next.
        Map<Cid, Clock> clocks = new LinkedHashMap<>();
        Set<String> named = new LinkedHashSet<>();
        KeyValue first = kv(nodes.get(0));
        for (Cid cid : written.keySet()) {
            Optional<Entry> e = first.log().get(cid);
            if (e.isEmpty()) {
                return Optional.of("completeness: " + nodes.get(0).name() + " lacks entry " + cid);
            }
            clocks.put(cid, e.get().clock());
            named.addAll(e.get().next());
        }
        String expectedHeads = written.keySet().stream().map(Cid::toString).filter(c -> !named.contains(c)).sorted()
                .collect(Collectors.joining(","));
        List<KeyValue.Record> expected = orbitDbState(clocks);
        for (SimNode n : nodes) {
            KeyValue kv = kv(n);
            if (kv.size() != written.size()) {
                return Optional.of("completeness: " + n.name() + " holds " + kv.size() + " entries, " + written.size()
                        + " were written");
            }
            for (Cid cid : written.keySet()) {
                if (!kv.log().has(cid)) {
                    return Optional.of("completeness: " + n.name() + " lacks entry " + cid);
                }
            }
            if (!heads(n).equals(expectedHeads)) {
                return Optional.of("heads: " + n.name() + " has [" + heads(n) + "], the written DAG's are ["
                        + expectedHeads + "]");
            }
            List<KeyValue.Record> all = kv.all();
            if (!all.equals(expected)) {
                return Optional.of("state: " + n.name() + "'s all() is " + all + ", OrbitDB's order gives " + expected);
            }
        }
        return Optional.empty();
    }

    /**
     * OrbitDB's keyvalue over {@code clocks}' entries, computed from the operations as written: for each key, the
     * entry greatest by (Lamport time, clock id as text) wins; a put leaves its value, a delete no record. Oldest
     * winning write first.
     */
    private List<KeyValue.Record> orbitDbState(Map<Cid, Clock> clocks) {
        Comparator<Cid> order = Comparator.comparingLong((Cid c) -> clocks.get(c).time())
                .thenComparing(c -> clocks.get(c).id());
        Map<String, Cid> last = new TreeMap<>();
        for (Map.Entry<Cid, Op> w : written.entrySet()) {
            last.merge(w.getValue().key(), w.getKey(), (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        List<Cid> winners = last.values().stream().filter(c -> written.get(c).kind().equals("PUT")).sorted(order)
                .toList();
        List<KeyValue.Record> out = new ArrayList<>();
        for (Cid c : winners) {
            Op op = written.get(c);
            out.add(new KeyValue.Record(op.key(), op.value(), c));
        }
        return out;
    }

    /** The end state, to compare replays: virtual time, messages sent, the heads, the state. */
    private String trace() {
        StringBuilder b = new StringBuilder();
        b.append("t=").append(cluster.clock().nowMillis()).append(" messages=").append(traffic.total())
                .append(" sent=").append(cluster.network().sentCounts());
        for (SimNode n : nodes) {
            if (n.isRunning()) {
                b.append('\n').append(n.name()).append(" heads=").append(heads(n)).append(" all=").append(kv(n).all());
            }
        }
        return b.toString();
    }
}
