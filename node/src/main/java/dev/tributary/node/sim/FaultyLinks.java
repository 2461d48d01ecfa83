package dev.tributary.node.sim;

import dev.tributary.net.LinkConditions;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The simulation's links, whose faults change as it runs: latency drawn from a range, loss, duplication and
 * reordering, each drawn from one seeded {@link Random} in the order frames are sent (so reproducibly).
 *
 * <p>The handshake ({@code version}, {@code verack}) is left alone: it always arrives, once, after the least
 * latency, so that it is never overtaken. A TCP connection neither loses, duplicates nor reorders anything; these
 * faults stand for what a protocol sees of a flaky peer, and a connection whose handshake came apart would just be
 * dropped and dialled again.
 */
final class FaultyLinks implements LinkConditions {
    private static final Set<String> HANDSHAKE = Set.of("version", "verack");

    private final Random random;
    private long minLatencyMillis;
    private long maxLatencyMillis;
    private double loss;
    private double duplication;
    private boolean reorder;

    /** Quiet links of {@code latencyMillis}. */
    FaultyLinks(Random random, long latencyMillis) {
        this.random = random;
        quiet(latencyMillis);
    }

    /** No loss, no duplicates, in order, a fixed latency. */
    void quiet(long latencyMillis) {
        minLatencyMillis = latencyMillis;
        maxLatencyMillis = latencyMillis;
        loss = 0;
        duplication = 0;
        reorder = false;
    }

    void latency(long minMillis, long maxMillis) {
        minLatencyMillis = minMillis;
        maxLatencyMillis = Math.max(minMillis, maxMillis);
    }

    /** Makes the latency range at least {@code spreadMillis} wide, so that reordering has room. */
    void widen(long spreadMillis) {
        maxLatencyMillis = Math.max(maxLatencyMillis, minLatencyMillis + spreadMillis);
    }

    void loss(double probability) {
        loss = probability;
    }

    void duplication(double probability) {
        duplication = probability;
    }

    void reorder(boolean value) {
        reorder = value;
    }

    /** The faults now, for a failure report. */
    String describe() {
        return "latency " + minLatencyMillis + "-" + maxLatencyMillis + " ms, loss " + percent(loss) + ", duplicates "
                + percent(duplication) + (reorder ? ", reordered" : ", in order");
    }

    private static String percent(double p) {
        return Math.round(p * 100) + "%";
    }

    @Override
    public List<Long> deliveries(InetAddress from, InetAddress to, String command) {
        if (HANDSHAKE.contains(command)) {
            return List.of(minLatencyMillis);
        }
        if (loss > 0 && random.nextDouble() < loss) {
            return List.of();
        }
        long first = delay();
        if (duplication > 0 && random.nextDouble() < duplication) {
            return List.of(first, delay());
        }
        return List.of(first);
    }

    private long delay() {
        long spread = maxLatencyMillis - minLatencyMillis;
        return spread == 0 ? minLatencyMillis : minLatencyMillis + (long) (random.nextDouble() * (spread + 1));
    }

    @Override
    public boolean inOrder() {
        return !reorder;
    }

    @Override
    public long closeDelayMillis() {
        return maxLatencyMillis;
    }
}
