package dev.tributary.node.sim;

import dev.tributary.engine.ManualScheduler;
import dev.tributary.net.InMemoryNetwork;
import dev.tributary.wire.Message;
import java.net.InetAddress;
import java.util.function.Function;

/**
 * Counts the messages sent on a simulated network per virtual second, and halts the simulation's clock when one
 * second carries more than the bound: a message storm (nodes answering each other's answers for ever) would
 * otherwise run the simulation for hours of real time. Bounded traffic is one of a simulation's invariants.
 */
final class TrafficMeter implements InMemoryNetwork.Observer {
    private final ManualScheduler clock;
    private final Function<InetAddress, String> names;
    private final long maxPerSecond;
    private long second = Long.MIN_VALUE;
    private long inSecond;
    private long peak;
    private long total;
    private String storm;

    /**
     * Counts what {@code network} carries, halting {@code clock} past {@code maxPerSecond} messages in a second;
     * {@code names} names a host's node in the report.
     */
    TrafficMeter(ManualScheduler clock, InMemoryNetwork network, Function<InetAddress, String> names, long maxPerSecond) {
        this.clock = clock;
        this.names = names;
        this.maxPerSecond = maxPerSecond;
        network.observe(this);
    }

    @Override
    public void sent(InetAddress from, InetAddress to, Message message) {
        long s = clock.nowMillis() / 1000;
        if (s != second) {
            second = s;
            inSecond = 0;
        }
        inSecond++;
        total++;
        peak = Math.max(peak, inSecond);
        if (inSecond > maxPerSecond && storm == null) {
            storm = "more than " + maxPerSecond + " messages in one virtual second (the last a " + message.command()
                    + " from " + names.apply(from) + " to " + names.apply(to) + ")";
            clock.halt();
        }
    }

    /** What the storm was, once the bound was broken; null before. */
    String storm() {
        return storm;
    }

    /** The most messages sent in one virtual second. */
    long peak() {
        return peak;
    }

    long total() {
        return total;
    }
}
