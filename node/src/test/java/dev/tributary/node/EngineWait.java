package dev.tributary.node;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition on a node's state that no event announces (a memory pool's content): the condition is
 * evaluated on the node's engine thread, by a task that reschedules itself every {@link #CHECK_MILLIS}, and
 * the test thread blocks on a future, never on the clock.
 */
final class EngineWait {
    static final long CHECK_MILLIS = 20;

    private EngineWait() {
    }

    /** Returns once {@code condition} (engine thread) holds; fails naming {@code what} after {@code timeout}. */
    static void until(Node node, BooleanSupplier condition, Duration timeout, String what) throws Exception {
        CompletableFuture<Void> met = new CompletableFuture<>();
        node.execute(() -> check(node, condition, met));
        try {
            met.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            met.cancel(false);
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
        }
    }

    private static void check(Node node, BooleanSupplier condition, CompletableFuture<Void> met) {
        if (met.isDone()) {
            return;
        }
        if (condition.getAsBoolean()) {
            met.complete(null);
        } else {
            node.engine().schedule(() -> check(node, condition, met), CHECK_MILLIS);
        }
    }
}
