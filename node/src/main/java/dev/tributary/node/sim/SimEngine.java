package dev.tributary.node.sim;

import dev.tributary.engine.Cancellable;
import dev.tributary.engine.ManualScheduler;
import dev.tributary.engine.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * One simulated node's engine: its tasks and timers run on the simulation's shared {@link ManualScheduler} (so all
 * nodes run on one thread, in one virtual time), until the node crashes ({@link #kill}): from then on nothing of it
 * runs, neither tasks already queued nor timers already set, as when a process dies.
 *
 * <p>A task that throws is what would be an engine task failure in production ({@code EventLoop} logs it and goes
 * on): the engine goes on too, and reports it to its {@link FailureSink}, which a simulation counts as a broken
 * invariant. While a task runs, the logging context names its node ({@link #LOG_KEY}) and the virtual time
 * ({@link #TIME_KEY}), for a log pattern such as {@code %X{virtualMillis} %X{node} %msg}.
 */
public final class SimEngine implements Scheduler {
    /** The logging context key naming the node a task runs for ({@code %X{node}} in a log pattern). */
    public static final String LOG_KEY = "node";
    /** The logging context key giving the virtual time a task runs at, in milliseconds since the epoch. */
    public static final String TIME_KEY = "virtualMillis";

    private final ManualScheduler clock;
    private final String node;
    private final FailureSink failures;
    private boolean alive = true;

    /** Where an engine reports a task that threw. */
    @FunctionalInterface
    public interface FailureSink {
        void failed(String node, RuntimeException error);
    }

    public SimEngine(ManualScheduler clock, String node, FailureSink failures) {
        this.clock = clock;
        this.node = node;
        this.failures = failures;
    }

    /** The node crashed: none of its tasks or timers runs any more. */
    public void kill() {
        alive = false;
    }

    public boolean isAlive() {
        return alive;
    }

    @Override
    public long nowMillis() {
        return clock.nowMillis();
    }

    @Override
    public void execute(Runnable task) {
        clock.execute(guarded(task));
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        return clock.schedule(guarded(task), delayMillis);
    }

    /** Runs {@code work} at once; the future completes in a task of this engine, as the manual scheduler's does. */
    @Override
    public <T> CompletableFuture<T> offload(Callable<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            T result = work.call();
            execute(() -> done.complete(result));
        } catch (Exception e) {
            execute(() -> done.completeExceptionally(e));
        }
        return done;
    }

    @Override
    public boolean inEngineThread() {
        return true;
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            if (!alive) {
                return;
            }
            MDC.put(LOG_KEY, node);
            MDC.put(TIME_KEY, Long.toString(clock.nowMillis()));
            try {
                task.run();
            } catch (RuntimeException e) {
                failures.failed(node, e);
            } finally {
                MDC.remove(LOG_KEY);
                MDC.remove(TIME_KEY);
            }
        };
    }
}
