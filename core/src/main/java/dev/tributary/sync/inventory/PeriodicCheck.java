package dev.tributary.sync.inventory;

import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import java.util.function.BooleanSupplier;

/**
 * A check run every {@code intervalMillis} on the {@link Scheduler} while it is wanted: {@link #start} arms it
 * (once: starting an armed check does nothing); each run re-arms it if {@code wanted} still holds after the
 * check, else it rests until the next {@link #start}. {@link #stop} cancels a pending run. Engine thread only.
 */
final class PeriodicCheck {
    private final Scheduler scheduler;
    private final long intervalMillis;
    private final Runnable check;
    private final BooleanSupplier wanted;
    private Cancellable pending = Cancellable.NONE;
    private boolean armed;

    PeriodicCheck(Scheduler scheduler, long intervalMillis, Runnable check, BooleanSupplier wanted) {
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
        this.check = check;
        this.wanted = wanted;
    }

    /** Arms the check unless it is armed already. */
    void start() {
        if (!armed) {
            armed = true;
            pending = scheduler.schedule(this::run, intervalMillis);
        }
    }

    /** Cancels the pending run; {@link #start} arms it again. */
    void stop() {
        pending.cancel();
        armed = false;
    }

    private void run() {
        armed = false;
        check.run();
        if (wanted.getAsBoolean()) {
            start();
        }
    }
}
