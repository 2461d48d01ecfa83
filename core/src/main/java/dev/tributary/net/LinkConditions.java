package dev.tributary.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;

/**
 * How frames travel on an {@link InMemoryNetwork}: for each frame sent, the delays after which copies of it
 * arrive (none: lost; two: duplicated), and whether a link keeps frames in the order they were sent (as TCP
 * does) or lets a later frame overtake an earlier one.
 */
public interface LinkConditions {

    /** Delays in milliseconds after which copies of a frame of {@code command} from {@code from} reach {@code to}. */
    List<Long> deliveries(InetAddress from, InetAddress to, String command);

    /** Whether frames on one connection arrive in the order they were sent. */
    boolean inOrder();

    /** How long after the last frame a close reaches the other end. */
    default long closeDelayMillis() {
        return 0;
    }

    /** Every frame arrives once, after {@code latencyMillis}, in order: a quiet network. */
    static LinkConditions fixedLatency(long latencyMillis) {
        List<Long> once = List.of(latencyMillis);
        return new LinkConditions() {
            @Override
            public List<Long> deliveries(InetAddress from, InetAddress to, String command) {
                return once;
            }

            @Override
            public boolean inOrder() {
                return true;
            }

            @Override
            public long closeDelayMillis() {
                return latencyMillis;
            }
        };
    }

    /**
     * A faulty network, reproducible from {@code random}: latency uniform in [{@code minMillis}, {@code maxMillis}],
     * each frame lost with probability {@code loss} and duplicated with probability {@code duplication}, and frames
     * reordered when {@code reorder} is set.
     */
    static LinkConditions faulty(Random random, long minMillis, long maxMillis, double loss, double duplication,
            boolean reorder) {
        return new LinkConditions() {
            @Override
            public List<Long> deliveries(InetAddress from, InetAddress to, String command) {
                if (random.nextDouble() < loss) {
                    return List.of();
                }
                long first = minMillis + (long) (random.nextDouble() * (maxMillis - minMillis));
                if (random.nextDouble() < duplication) {
                    return List.of(first, minMillis + (long) (random.nextDouble() * (maxMillis - minMillis)));
                }
                return List.of(first);
            }

            @Override
            public boolean inOrder() {
                return !reorder;
            }

            @Override
            public long closeDelayMillis() {
                return maxMillis;
            }
        };
    }
}
