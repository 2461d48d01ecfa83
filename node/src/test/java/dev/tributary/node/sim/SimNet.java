package dev.tributary.node.sim;

import dev.tributary.engine.ManualScheduler;
import java.net.InetAddress;

/**
 * A test's simulated network: a {@link SimCluster} on links with per-host latencies ({@link HostLatencies}), and the
 * {@link Traffic} it carries, from which {@link PeerView}s read what one node sent another.
 */
public final class SimNet {
    /** Latency between nodes, when a test sets none. */
    public static final long DEFAULT_LATENCY_MILLIS = 10;

    private final HostLatencies latencies;
    private final SimCluster cluster;
    private final Traffic traffic;

    public SimNet(ManualScheduler clock) {
        this(clock, DEFAULT_LATENCY_MILLIS);
    }

    public SimNet(ManualScheduler clock, long latencyMillis) {
        this.latencies = new HostLatencies(latencyMillis);
        this.cluster = new SimCluster(clock, latencies, 1);
        this.traffic = new Traffic(cluster.network());
    }

    public SimCluster cluster() {
        return cluster;
    }

    public ManualScheduler clock() {
        return cluster.clock();
    }

    public HostLatencies latencies() {
        return latencies;
    }

    public Traffic traffic() {
        return traffic;
    }

    /** {@code viewer}'s view of its peer on {@code remote}'s host, watched from now on. */
    public PeerView view(SimNode viewer, SimNode remote) {
        return view(viewer, remote.host());
    }

    public PeerView view(SimNode viewer, InetAddress remote) {
        return new PeerView(viewer, remote, traffic);
    }
}
