package dev.tributary.node;

import dev.tributary.engine.EventLoop;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerManager;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.TrafficObserver;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * A node's meters (Micrometer, scraped in Prometheus's text format): what crosses the wire by network, direction
 * and command, the peers and their misbehaviour, the engine, the store, and each service's own
 * ({@link NodeService#meters}). No label names a peer, so the number of series does not grow with the peers that
 * come and go: a command a network's codec does not know is counted as {@code other}.
 *
 * <p>Engine state is read in one engine task per scrape ({@link #scrape}), which fills the values the gauges
 * report; the rest is thread-safe.
 */
final class NodeMeters implements TrafficObserver, PeerListener {
    /** The label of commands a network's codec does not know. */
    static final String OTHER_COMMAND = "other";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Values read on the engine thread, refreshed at each scrape. */
    private final List<EngineValue> engineValues = new CopyOnWriteArrayList<>();
    /** Services' tasks run on the engine thread at each scrape ({@link ServiceMeters#onScrape}). */
    private final List<Runnable> scrapeTasks = new CopyOnWriteArrayList<>();
    /** Traffic counters by network and command: {received bytes, received messages, sent bytes, sent messages}. */
    private final Map<String, Counter[]> traffic = new ConcurrentHashMap<>();

    /** A value read on the engine thread, kept for the gauge or counter that reports it. */
    private static final class EngineValue {
        final DoubleSupplier read;
        volatile double value;

        EngineValue(DoubleSupplier read) {
            this.read = read;
        }

        double value() {
            return value;
        }
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Registers the engine's, the store's and the peers' meters. */
    void bind(Scheduler engine, KeyValueStore store, PeerManager peers) {
        if (engine instanceof EventLoop loop) {
            Gauge.builder("tributary.engine.queued.tasks", loop, EventLoop::queuedTasks)
                    .description("tasks waiting for the engine thread, timers not yet due included")
                    .register(registry);
            FunctionCounter.builder("tributary.engine.busy", loop, l -> l.busyNanos() / 1e9).baseUnit("seconds")
                    .description("time the engine thread spent running tasks").register(registry);
        }
        if (store instanceof RocksDbKeyValueStore rocks) {
            Gauge.builder("tributary.store.size", rocks, RocksDbKeyValueStore::sizeBytes).baseUnit("bytes")
                    .description("the store's table files and memtables (RocksDB's estimate)").register(registry);
            FunctionCounter.builder("tributary.store.writes", rocks, RocksDbKeyValueStore::writeCount)
                    .description("writes to the store: puts, deletes and batches").register(registry);
        }
        for (PeerNetwork n : peers.networks()) {
            Tags network = Tags.of("network", n.name());
            for (boolean inbound : new boolean[] {true, false}) {
                Tags tags = network.and("direction", inbound ? "inbound" : "outbound");
                engineValue("tributary.peers", "peers connected and past the handshake", null, tags, false,
                        () -> n.readyPeers().stream().filter(p -> p.inbound() == inbound).count());
                Counter.builder("tributary.peer.connections").tags(tags)
                        .description("peers that completed the handshake").register(registry);
                Counter.builder("tributary.peer.disconnections").tags(tags)
                        .description("peers past the handshake that disconnected").register(registry);
            }
            Counter.builder("tributary.peer.misbehaviour.points").tags(network)
                    .description("misbehaviour points given to peers").register(registry);
            engineValue("tributary.peer.misbehaviour.score.max", "highest misbehaviour score of a connected peer",
                    null, network, false, () -> n.allPeers().stream().mapToInt(Peer::misbehaviourScore).max().orElse(0));
            engineValue("tributary.peer.misbehaving", "connected peers with a misbehaviour score above 0", null,
                    network, false, () -> n.allPeers().stream().filter(p -> p.misbehaviourScore() > 0).count());
            for (String command : n.wireFormat().codec().commands()) {
                trafficCounters(n.wireFormat(), command);
            }
            trafficCounters(n.wireFormat(), OTHER_COMMAND);
        }
        Counter.builder("tributary.peer.connect.failures").description("outbound connection attempts that failed")
                .register(registry);
    }

    /** Where a service registers its meters. */
    ServiceMeters forService() {
        return new ServiceMeters() {
            @Override
            public MeterRegistry registry() {
                return registry;
            }

            @Override
            public void engineGauge(String name, String description, String baseUnit, Tags tags, DoubleSupplier value) {
                engineValue(name, description, baseUnit, tags, false, value);
            }

            @Override
            public void engineCounter(String name, String description, String baseUnit, Tags tags,
                    DoubleSupplier value) {
                engineValue(name, description, baseUnit, tags, true, value);
            }

            @Override
            public void onScrape(Runnable task) {
                scrapeTasks.add(task);
            }
        };
    }

    private void engineValue(String name, String description, String baseUnit, Tags tags, boolean counter,
            DoubleSupplier read) {
        EngineValue v = new EngineValue(read);
        engineValues.add(v);
        if (counter) {
            FunctionCounter.builder(name, v, EngineValue::value).description(description).baseUnit(baseUnit).tags(tags)
                    .register(registry);
        } else {
            Gauge.builder(name, v, EngineValue::value).description(description).baseUnit(baseUnit).tags(tags)
                    .register(registry);
        }
    }

    /** Reads the engine's values (on the engine thread). */
    void refresh() {
        for (EngineValue v : engineValues) {
            try {
                v.value = v.read.getAsDouble();
            } catch (RuntimeException e) {
                // a service closing: the last value stays
            }
        }
        for (Runnable task : scrapeTasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a service closing: its meters of the last scrape stay
            }
        }
    }

    /** Every meter in Prometheus's text format, after {@code onEngine} ran {@link #refresh} on the engine thread. */
    String scrape(java.util.function.Consumer<Runnable> onEngine) {
        try {
            onEngine.accept(this::refresh);
        } catch (RuntimeException e) {
            // the engine is stopping or busy: the values of the last scrape
        }
        return registry.scrape();
    }

    private Counter[] trafficCounters(WireFormat format, String command) {
        MessageCodec codec = format.codec();
        String label = codec.knows(command) || codec.ignores(command) ? command : OTHER_COMMAND;
        return traffic.computeIfAbsent(format.name() + " " + label, k -> {
            Tags tags = Tags.of("network", format.name(), "command", label);
            return new Counter[] {
                Counter.builder("tributary.peer.received").baseUnit("bytes").tags(tags)
                        .description("bytes of frames received from peers, headers included").register(registry),
                Counter.builder("tributary.peer.messages.received").tags(tags)
                        .description("frames received from peers").register(registry),
                Counter.builder("tributary.peer.sent").baseUnit("bytes").tags(tags)
                        .description("bytes of frames written to peers, headers included").register(registry),
                Counter.builder("tributary.peer.messages.sent").tags(tags)
                        .description("frames written to peers").register(registry)};
        });
    }

    @Override
    public void received(WireFormat format, String command, long bytes) {
        Counter[] c = trafficCounters(format, command);
        c[0].increment(bytes);
        c[1].increment();
    }

    @Override
    public void sent(WireFormat format, String command, long bytes) {
        Counter[] c = trafficCounters(format, command);
        c[2].increment(bytes);
        c[3].increment();
    }

    private Tags peerTags(Peer peer) {
        return Tags.of("network", peer.network().name(), "direction", peer.inbound() ? "inbound" : "outbound");
    }

    @Override
    public void onPeerReady(Peer peer) {
        registry.counter("tributary.peer.connections", peerTags(peer)).increment();
    }

    @Override
    public void onPeerGone(Peer peer, String reason) {
        registry.counter("tributary.peer.disconnections", peerTags(peer)).increment();
    }

    @Override
    public void onConnectFailed(java.net.InetSocketAddress address, String reason) {
        registry.counter("tributary.peer.connect.failures").increment();
    }

    @Override
    public void onMisbehaviour(Peer peer, int points, String reason) {
        if (peer.network() != null) {
            registry.counter("tributary.peer.misbehaviour.points", "network", peer.network().name()).increment(points);
        }
    }

    /** Stops counting; the registry's meters go. */
    void close() {
        registry.close();
    }

}
