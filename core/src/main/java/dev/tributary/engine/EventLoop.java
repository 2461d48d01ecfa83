package dev.tributary.engine;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: one daemon thread with a timer queue, and a bounded pool of worker
 * threads for {@link #offload}. A task that throws is logged and the loop goes on; one bad event must not stop
 * a node. A task's {@link Error} goes to the process's default uncaught-exception handler instead, when there is one.
 *
 * <p>Workers: {@link #WORKERS} daemon threads named {@code <name>-work-N} (started on first use), with a queue
 * of at most {@link #MAX_QUEUED_WORK} tasks; beyond it {@link #offload} fails the future at once instead of
 * queueing without bound.
 */
public final class EventLoop implements Scheduler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** Worker threads of {@link #offload}: one per core, at least two. */
    public static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Work queued for the workers before {@link #offload} refuses more. */
    public static final int MAX_QUEUED_WORK = 4096;

    private final ScheduledThreadPoolExecutor executor;
    private final ThreadPoolExecutor workers;
    /** Futures of {@link #offload} not completed yet; {@link #close} fails them, so none is ever dropped. */
    private final Set<CompletableFuture<?>> pendingWork = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private final java.util.concurrent.atomic.AtomicLong busyNanos = new java.util.concurrent.atomic.AtomicLong();

    public EventLoop(String name) {
        AtomicInteger workerIds = new AtomicInteger();
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_WORK), r -> {
                    Thread t = new Thread(r, name + "-work-" + workerIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void execute(Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        executor.execute(guarded(task));
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        if (executor.isShutdown()) {
            return Cancellable.NONE;
        }
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public <T> CompletableFuture<T> offload(Callable<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        pendingWork.add(done);
        done.whenComplete((v, e) -> pendingWork.remove(done));
        try {
            workers.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable e) {
                    completeOnEngine(() -> done.completeExceptionally(e));
                    return;
                }
                completeOnEngine(() -> done.complete(result));
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new WorkRejectedException(workers.isShutdown() ? "the engine is stopped"
                    : "the worker pool is full (" + MAX_QUEUED_WORK + " tasks queued)"));
        }
        return done;
    }

    private void completeOnEngine(Runnable completion) {
        try {
            executor.execute(guarded(completion));
        } catch (RejectedExecutionException e) {
            // The engine stopped: completed here rather than dropped (close() fails what never got this far).
            completion.run();
        }
    }

    @Override
    public boolean inEngineThread() {
        return Thread.currentThread() == thread;
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            long start = System.nanoTime();
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("engine task failed", e);
            } catch (Error e) {
                failed(e);
            } finally {
                busyNanos.addAndGet(System.nanoTime() - start);
            }
        };
    }

    /**
     * A task's error (out of memory, say): handed to the process's default uncaught-exception handler when it has
     * one, as if the thread had died of it (the command line's says so in words and ends the process when it ran out
     * of memory), else logged. The loop goes on either way.
     */
    private static void failed(Error e) {
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        if (handler == null) {
            log.error("engine task failed", e);
            return;
        }
        try {
            handler.uncaughtException(Thread.currentThread(), e);
        } catch (RuntimeException | Error handlerFailure) {
            log.error("engine task failed", e);
        }
    }

    /** Tasks waiting for the engine thread: queued ones and timers not yet due. Any thread. */
    public int queuedTasks() {
        return executor.getQueue().size();
    }

    /** Nanoseconds the engine thread has spent running tasks since it started. Any thread. */
    public long busyNanos() {
        return busyNanos.get();
    }

    /**
     * Stops the loop; queued tasks are dropped, a running task completes, and offloaded work not yet completed
     * fails with a {@link WorkRejectedException}.
     */
    @Override
    public void close() {
        workers.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (CompletableFuture<?> f : List.copyOf(pendingWork)) {
            f.completeExceptionally(new WorkRejectedException("the engine stopped"));
        }
    }
}
