package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The node-wide outbound budget: when answers pause, and which connection its hard limits close. */
class OutboundBudgetTest {
    private static final long MIB = 1024 * 1024;
    private final List<String> closed = new ArrayList<>();

    private OutboundBudget.Queue queue(OutboundBudget b, String name, AtomicLong queued) {
        return b.register(name, queued::get, reason -> closed.add(name + ": " + reason));
    }

    @Test
    void answersPauseAtFourMibForOnePeerOrAtTheSmallQueueWhenTheNodeIsOverItsSoftLimit() {
        OutboundBudget b = new OutboundBudget(32 * MIB, 128 * MIB, 16 * MIB);
        assertThat(b.paused(4 * MIB - 1)).isFalse();
        assertThat(b.paused(4 * MIB)).isTrue();
        assertThat(b.paused(OutboundBudget.SMALL_QUEUE)).isFalse();
        AtomicLong big = new AtomicLong();
        OutboundBudget.Queue q = queue(b, "big", big);
        big.set(32 * MIB);
        q.charge(32 * MIB, big.get());
        assertThat(b.paused(OutboundBudget.SMALL_QUEUE)).as("the node is over its soft limit").isTrue();
        assertThat(b.paused(OutboundBudget.SMALL_QUEUE - 1)).as("small queues still get answers").isFalse();
        q.release(1);
        assertThat(b.paused(OutboundBudget.SMALL_QUEUE)).isFalse();
    }

    @Test
    void aPeerPastItsHardLimitIsClosed() {
        OutboundBudget b = new OutboundBudget(32 * MIB, 128 * MIB, 16 * MIB);
        AtomicLong n = new AtomicLong(16 * MIB + 1);
        OutboundBudget.Queue q = queue(b, "slow", n);
        assertThat(q.charge(n.get(), n.get())).isFalse();
        assertThat(closed).singleElement().asString().startsWith("slow: its send queue passed 16.0 MiB");
    }

    @Test
    void pastTheNodeHardLimitTheLargestQueueIsClosedWhoeverSent() {
        OutboundBudget b = new OutboundBudget(32 * MIB, 64 * MIB, 64 * MIB);
        AtomicLong slowest = new AtomicLong(40 * MIB);
        AtomicLong other = new AtomicLong(20 * MIB);
        queue(b, "slowest", slowest).charge(40 * MIB, 40 * MIB);
        OutboundBudget.Queue q = queue(b, "other", other);
        assertThat(q.charge(20 * MIB, 20 * MIB)).isTrue();
        assertThat(closed).isEmpty();
        other.addAndGet(5 * MIB);
        assertThat(q.charge(5 * MIB, other.get())).as("this connection stays").isTrue();
        assertThat(closed).singleElement().asString()
                .isEqualTo("slowest: the send queues of all peers passed 64.0 MiB and this peer had the most unread (40.0 MiB)");
        assertThat(b.queuedInTotal()).isEqualTo(65 * MIB);
    }
}
