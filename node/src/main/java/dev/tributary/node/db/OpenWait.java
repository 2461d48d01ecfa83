package dev.tributary.node.db;

import dev.tributary.engine.Cancellable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a database being opened from peers: at most a given time, and a shorter one while no peer is connected
 * at all (one being dialled may still come; a peer that connects stops that shorter wait, and the last one going
 * away starts it again). Woken by the open completing and by the peers coming and going, never by polling.
 */
final class OpenWait {
    /** The replication network's connected peers, and word when their number changes. */
    interface Peers {
        /** How many peers are connected now. Any thread. */
        int connected();

        /**
         * Runs {@code change} (on any thread; it returns at once) each time the number of connected peers changes,
         * after {@link #connected} tells the new number, until cancelled.
         */
        Cancellable onChange(Runnable change);
    }

    private OpenWait() {
    }

    /**
     * What {@code opening} completes with, waiting at most {@code maxNanos}, or {@code aloneNanos} from when no peer
     * is connected (from now if none is).
     *
     * @throws TimeoutException when either wait ran out first
     * @throws ExecutionException when the open failed, its cause the open's
     */
    static <T> T await(CompletableFuture<T> opening, Peers peers, long maxNanos, long aloneNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        Object signal = new Object();
        Runnable wake = () -> {
            synchronized (signal) {
                signal.notifyAll();
            }
        };
        Cancellable listening = peers.onChange(wake);
        opening.whenComplete((value, failure) -> wake.run());
        try {
            long now = System.nanoTime();
            long deadline = now + maxNanos;
            boolean alone = false;
            long aloneDeadline = 0;
            synchronized (signal) {
                // Holding the signal's lock from the peers' count to the wait: a change between them is not missed,
                // its wake-up waits for the lock, which the wait gives up.
                while (!opening.isDone()) {
                    now = System.nanoTime();
                    if (peers.connected() > 0) {
                        alone = false;
                    } else if (!alone) {
                        alone = true;
                        aloneDeadline = now + aloneNanos;
                    }
                    long until = alone && aloneDeadline - deadline < 0 ? aloneDeadline : deadline;
                    if (until - now <= 0) {
                        throw new TimeoutException();
                    }
                    TimeUnit.NANOSECONDS.timedWait(signal, until - now);
                }
            }
            return opening.get();
        } finally {
            listening.cancel();
        }
    }
}
