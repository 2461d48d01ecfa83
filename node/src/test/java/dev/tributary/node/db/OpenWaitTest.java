package dev.tributary.node.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.Cancellable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenWaitTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    /** How long a test waits for what should happen at once, so that a broken wait fails instead of hanging. */
    private static final long TEST_SECONDS = 30;

    private final ExecutorService waiter = Executors.newSingleThreadExecutor();
    private final FakePeers peers = new FakePeers();
    private final CompletableFuture<String> opening = new CompletableFuture<>();

    @AfterEach
    void stop() {
        waiter.shutdownNow();
    }

    /** Peers set by the test, which tells the listeners of a change as the replication layer does. */
    private static final class FakePeers implements OpenWait.Peers {
        volatile int connected;
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        volatile Thread listening;

        @Override
        public int connected() {
            return connected;
        }

        @Override
        public Cancellable onChange(Runnable change) {
            listeners.add(change);
            listening = Thread.currentThread();
            return () -> listeners.remove(change);
        }

        void set(int n) {
            connected = n;
            listeners.forEach(Runnable::run);
        }
    }

    private Future<String> awaitInBackground(long maxNanos, long aloneNanos) {
        return waiter.submit(() -> OpenWait.await(opening, peers, maxNanos, aloneNanos));
    }

    /** Until the waiting thread waits (on the signal, for its deadline). */
    private void untilWaiting(Future<?> wait) {
        while (!wait.isDone() && (peers.listening == null || peers.listening.getState() != Thread.State.TIMED_WAITING)) {
            Thread.onSpinWait();
        }
    }

    @Test
    void answersWhatTheOpenCompletesWith() throws Exception {
        peers.connected = 1;
        Future<String> wait = awaitInBackground(HOUR, HOUR);
        untilWaiting(wait);

        opening.complete("db");

        assertThat(wait.get(TEST_SECONDS, TimeUnit.SECONDS)).isEqualTo("db");
        assertThat(peers.listeners).as("stops listening").isEmpty();
    }

    @Test
    void aFailedOpenFailsWithItsCause() {
        opening.completeExceptionally(new IllegalArgumentException("not a database"));

        assertThatThrownBy(() -> OpenWait.await(opening, peers, HOUR, HOUR)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("not a database");
    }

    @Test
    void withNoPeerConnectedGivesUpAfterTheShortWait() {
        assertThatThrownBy(() -> OpenWait.await(opening, peers, HOUR, 1)).isInstanceOf(TimeoutException.class);
        assertThat(peers.listeners).as("stops listening").isEmpty();
    }

    @Test
    void aConnectedPeerKeepsItWaitingPastTheShortWait() throws Exception {
        peers.connected = 1;
        Future<String> wait = awaitInBackground(HOUR, 1);
        untilWaiting(wait);

        assertThat(wait).as("still waiting, though the short wait is over").isNotDone();
        opening.complete("db");
        assertThat(wait.get(TEST_SECONDS, TimeUnit.SECONDS)).isEqualTo("db");
    }

    @Test
    void theLastPeerLeavingStartsTheShortWaitAtOnce() throws Exception {
        peers.connected = 1;
        Future<String> wait = awaitInBackground(HOUR, 1);
        untilWaiting(wait);

        peers.set(0); // woken by the change, not an hour later

        assertThatThrownBy(() -> wait.get(TEST_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }
}
