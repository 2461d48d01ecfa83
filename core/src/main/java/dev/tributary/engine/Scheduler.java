package dev.tributary.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The engine's clock and task queue. Tasks run one at a time, in submission order for
 * {@link #execute(Runnable)} and in deadline order for {@link #schedule(Runnable, long)}, on the engine
 * thread; state touched only from tasks needs no locks.
 *
 * <p>Time is read here and nowhere else in the engine, so a test can step it.
 */
public interface Scheduler extends Executor {

    /** Milliseconds since the epoch, as the engine sees them. */
    long nowMillis();

    /** Seconds since the epoch, for block timestamps. */
    default long nowSeconds() {
        return nowMillis() / 1000;
    }

    /** Runs {@code task} on the engine thread after the tasks already submitted. Callable from any thread. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} on the engine thread after {@code delayMillis}. Callable from any thread. */
    Cancellable schedule(Runnable task, long delayMillis);

    /**
     * Runs {@code work} off the engine thread, on a bounded pool of workers, and completes the returned future
     * on the engine thread with its result or its exception: for CPU-heavy or blocking work (signature checks,
     * database calls) whose result the engine acts on. Dependent stages added with the non-async methods of the
     * future ({@code thenAccept}, {@code whenComplete}) run on the engine thread too, as one task after the
     * tasks already queued. When the pool is full the future fails at once with a {@link WorkRejectedException};
     * it is never dropped. Callable from any thread.
     *
     * <p>A test scheduler runs {@code work} inline, on the calling thread, and completes the future in a task
     * of its own, so the order of events stays that of production.
     */
    <T> CompletableFuture<T> offload(Callable<T> work);

    /**
     * Runs {@code task} on the engine thread and waits up to {@code timeoutMillis} for its result; for callers
     * outside the engine (command line, API, tests). Called on the engine thread, it runs {@code task} at once.
     * The task's runtime exception or error is thrown here.
     *
     * @throws TimeoutException when the engine has not run the task in time
     */
    default <T> T call(Supplier<T> task, long timeoutMillis) throws TimeoutException, InterruptedException {
        if (inEngineThread()) {
            return task.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** True when the caller is the engine thread. */
    boolean inEngineThread();

    /** Fails fast when a method that must run on the engine thread is called from another thread. */
    default void checkEngineThread() {
        if (!inEngineThread()) {
            throw new IllegalStateException("must run on the engine thread, not " + Thread.currentThread().getName());
        }
    }
}
