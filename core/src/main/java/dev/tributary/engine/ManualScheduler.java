package dev.tributary.engine;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A {@link Scheduler} whose time moves only when its owner says so: tests and whole-node simulations. Everything
 * runs on the calling thread: {@link #runPending()} drains the queue, {@link #advance(long)} steps virtual time and
 * runs the timers that come due, in deadline order (timers due at the same time in the order they were set). Many
 * nodes can share one instance, which makes a multi-node simulation a deterministic, single-threaded program.
 *
 * <p>Not thread-safe: one thread drives it, and that thread is every node's "engine thread".
 */
public class ManualScheduler implements Scheduler {
    private record Timer(long due, long seq, Runnable task, boolean[] cancelled) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** The default start: 14 November 2023, so that blocks mined "now" have a plausible time. */
    public static final long DEFAULT_START_MILLIS = 1_700_000_000_000L;

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long now;
    private long seq;
    private boolean running;
    private boolean halted;
    private int offloaded;

    public ManualScheduler(long startMillis) {
        this.now = startMillis;
    }

    public ManualScheduler() {
        this(DEFAULT_START_MILLIS);
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        timers.add(new Timer(now + Math.max(0, delayMillis), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs {@code work} at once on the calling thread; the future completes in a task of its own. */
    @Override
    public <T> CompletableFuture<T> offload(Callable<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        offloaded++;
        try {
            T result = work.call();
            execute(() -> done.complete(result));
        } catch (Exception e) {
            execute(() -> done.completeExceptionally(e));
        }
        return done;
    }

    /** How many pieces of work were {@link #offload}ed. */
    public int offloadedCount() {
        return offloaded;
    }

    @Override
    public boolean inEngineThread() {
        return true;
    }

    /**
     * Stops stepping: from the end of the task running now, {@link #runPending}, {@link #advance}, {@link #runUntilIdle}
     * and {@link #runUntil} return without running anything more (time stays where it is). For an owner that found
     * something runaway (a message storm) and wants control back. Nothing undoes it.
     */
    public void halt() {
        halted = true;
    }

    public boolean isHalted() {
        return halted;
    }

    /** Runs queued tasks (and tasks they queue) until none is left; timers do not fire. Returns how many ran. */
    public int runPending() {
        if (running) {
            return 0;
        }
        running = true;
        int n = 0;
        try {
            Runnable r;
            while (!halted && (r = ready.poll()) != null) {
                r.run();
                n++;
                if (n > 10_000_000) {
                    throw new IllegalStateException("runaway task loop");
                }
            }
        } finally {
            running = false;
        }
        return n;
    }

    /** Moves time forward by {@code millis}, firing due timers in order and draining the queue after each. */
    public void advance(long millis) {
        long target = now + millis;
        runPending();
        while (!halted && !timers.isEmpty() && timers.peek().due() <= target) {
            Timer t = timers.poll();
            now = Math.max(now, t.due());
            if (!t.cancelled()[0]) {
                t.task().run();
            }
            runPending();
        }
        if (!halted) {
            now = target;
        }
    }

    /** Runs until nothing is queued and no timer is due within {@code horizonMillis}; returns the time spent. */
    public long runUntilIdle(long horizonMillis) {
        long start = now;
        runPending();
        while (!halted && !timers.isEmpty() && timers.peek().due() <= now + horizonMillis) {
            advance(Math.max(0, timers.peek().due() - now));
        }
        return now - start;
    }

    /**
     * Steps time, timer by timer, until {@code condition} holds or {@code maxMillis} have passed; returns
     * whether it holds. Queued tasks run first, so a condition they make true costs no virtual time. When
     * the condition never holds, time ends at the deadline (or where the last timer left it, if none is left).
     */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long deadline = now + maxMillis;
        runPending();
        while (!condition.getAsBoolean()) {
            if (halted) {
                return false;
            }
            if (timers.isEmpty() || timers.peek().due() > deadline) {
                if (now < deadline && !timers.isEmpty()) {
                    advance(deadline - now);
                }
                return condition.getAsBoolean();
            }
            advance(Math.max(0, timers.peek().due() - now));
        }
        return true;
    }

    /** Timers set and not cancelled, whether due or not. */
    public int pendingTimers() {
        return (int) timers.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
