package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The node-wide inbound budget: free allowances, the shared pool, the per-connection cap, and starvation. */
class InboundBudgetTest {
    private static final long KIB = 1024;
    private final AtomicLong clock = new AtomicLong();
    private final List<String> evicted = new ArrayList<>();

    private InboundBudget budget(long pool, long free, long perConnection) {
        return new InboundBudget(pool, free, perConnection, clock::get);
    }

    private InboundBudget.Account open(InboundBudget b, String name) {
        return b.open(name, reason -> {
            synchronized (evicted) {
                evicted.add(name + ": " + reason);
            }
        });
    }

    @Test
    void aDecodedMessageCostsEightTimesItsBytesAndAtLeastFourKib() {
        assertThat(InboundBudget.messageCost(32)).isEqualTo(4 * KIB);
        assertThat(InboundBudget.messageCost(1_000_000)).isEqualTo(8_000_000);
    }

    @Test
    void smallMessagesNeverWaitWhileThePoolIsFull() throws Exception {
        InboundBudget b = budget(100 * KIB, 64 * KIB, 1_000 * KIB);
        InboundBudget.Account hog = open(b, "hog");
        assertThat(hog.reserve(164 * KIB)).isTrue(); // its free 64 KiB and the whole pool
        assertThat(b.sharedInUse()).isEqualTo(100 * KIB);
        InboundBudget.Account small = open(b, "small");
        assertThat(small.acquireMessage(4 * KIB)).isTrue();
        assertThat(small.reserve(60 * KIB)).isTrue();
        assertThat(b.sharedInUse()).isEqualTo(100 * KIB);
    }

    @Test
    void aReaderWaitsForThePoolAndGoesOnWhenTheEngineReleases() throws Exception {
        InboundBudget b = budget(100 * KIB, 0, 1_000 * KIB);
        InboundBudget.Account first = open(b, "first");
        assertThat(first.acquireMessage(100 * KIB)).isTrue();
        InboundBudget.Account second = open(b, "second");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> take(second, 10 * KIB));
        assertThatWaits(waiting);
        first.releaseMessage(100 * KIB);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.sharedInUse()).isEqualTo(10 * KIB);
    }

    @Test
    void oneConnectionHoldsAtMostItsCap() throws Exception {
        InboundBudget b = budget(1_000 * KIB, 0, 100 * KIB);
        InboundBudget.Account a = open(b, "a");
        assertThat(a.acquireMessage(90 * KIB)).isTrue();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> take(a, 20 * KIB));
        assertThatWaits(waiting);
        a.releaseMessage(90 * KIB);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStarvedReaderEvictsTheLargestStalledHolder() throws Exception {
        InboundBudget b = budget(100 * KIB, 0, 1_000 * KIB);
        InboundBudget.Account stalled = open(b, "stalled");
        InboundBudget.Account small = open(b, "small");
        assertThat(stalled.reserve(80 * KIB)).isTrue();
        stalled.settlePartial(80 * KIB); // an unfinished frame that never completes
        assertThat(small.reserve(20 * KIB)).isTrue();
        small.settlePartial(20 * KIB);
        InboundBudget.Account starving = open(b, "starving");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> take(starving, 50 * KIB));
        assertThatWaits(waiting);
        assertThat(evicted).isEmpty();
        clock.addAndGet(InboundBudget.STALLED_NANOS + InboundBudget.STARVED_NANOS);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(evicted).singleElement().asString().startsWith("stalled: it held 0.1 MiB of inbound memory");
        assertThat(stalled.reserve(1)).as("an evicted connection's reader stops").isFalse();
    }

    @Test
    void closingReleasesTheUnfinishedFrameAndStopsAWaitingReader() throws Exception {
        InboundBudget b = budget(100 * KIB, 0, 100 * KIB);
        InboundBudget.Account a = open(b, "a");
        assertThat(a.reserve(100 * KIB)).isTrue();
        a.settlePartial(100 * KIB);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> take(a, 10 * KIB));
        assertThatWaits(waiting);
        a.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(b.sharedInUse()).isZero();
    }

    /** Any sequence of takes and releases, none waiting: the pool's count is the sum of what exceeds each allowance. */
    @Property
    void thePoolCountsWhatEachConnectionHoldsBeyondItsAllowance(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 40) Integer> steps) throws Exception {
        long free = 8 * KIB;
        InboundBudget b = budget(Long.MAX_VALUE / 4, free, Long.MAX_VALUE / 4);
        List<InboundBudget.Account> accounts = new ArrayList<>();
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            accounts.add(open(b, "c" + i));
            held.add(0L);
        }
        for (int step : steps) {
            int who = step % 4;
            long bytes = step * KIB;
            if (step % 3 == 0 && held.get(who) >= bytes) {
                accounts.get(who).releaseMessage(bytes);
                held.set(who, held.get(who) - bytes);
            } else {
                assertThat(accounts.get(who).acquireMessage(bytes)).isTrue();
                held.set(who, held.get(who) + bytes);
            }
            long expected = held.stream().mapToLong(h -> Math.max(0, h - free)).sum();
            assertThat(b.sharedInUse()).isEqualTo(expected);
            assertThat(b.heldInTotal()).isEqualTo(held.stream().mapToLong(Long::longValue).sum());
        }
    }

    private static boolean take(InboundBudget.Account a, long bytes) {
        try {
            return a.acquireMessage(bytes);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertThatWaits(CompletableFuture<Boolean> f) throws Exception {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("did not wait");
        } catch (TimeoutException expected) {
            // waiting, as it should
        }
    }
}
