package dev.tributary.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Where the time of a pipeline goes: counters of the nanoseconds spent in each stage {@code S} and of the items
 * that went through it, read by a clock chosen at construction (wall-clock {@link System#nanoTime} or the running
 * thread's CPU time). A stage is timed by taking {@link #start} before its work and passing it to {@link #record}
 * after, on the same thread; callers time a batch at a time, so the cost is two clock reads a batch.
 *
 * <p>Thread-safe. Counters only grow until {@link #reset}. When the clock cannot be read (a JVM without per-thread
 * CPU time), {@link #start} returns 0 and nothing is counted.
 *
 * @param <S> the stages, an enum listed in the order an item goes through them
 */
public final class StageCounters<S extends Enum<S>> {
    private final LongSupplier clock;
    private final LongAdder[] nanos;
    private final LongAdder[] items;

    private StageCounters(Class<S> stages, LongSupplier clock) {
        this.clock = clock;
        int n = stages.getEnumConstants().length;
        nanos = new LongAdder[n];
        items = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            nanos[i] = new LongAdder();
            items[i] = new LongAdder();
        }
    }

    /** Counters timed by {@code clock}, a nanosecond clock that only moves forward (on one thread at least). */
    public static <S extends Enum<S>> StageCounters<S> timedBy(Class<S> stages, LongSupplier clock) {
        return new StageCounters<>(stages, clock);
    }

    /**
     * Counters timed by the wall clock ({@link System#nanoTime}): a stage's time includes waiting (for a core, a
     * lock, the disk). Stages on different threads overlap, so their times do not add up to the elapsed time.
     */
    public static <S extends Enum<S>> StageCounters<S> wallClock(Class<S> stages) {
        return new StageCounters<>(stages, System::nanoTime);
    }

    /**
     * Counters timed by the running thread's CPU clock: a thread waiting for a core, a lock or the disk does not
     * count. Counts nothing on a JVM that cannot read a thread's CPU time.
     */
    public static <S extends Enum<S>> StageCounters<S> threadCpu(Class<S> stages) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return new StageCounters<>(stages,
                threads.isCurrentThreadCpuTimeSupported() ? threads::getCurrentThreadCpuTime : null);
    }

    /** The clock now, in nanoseconds, to pass to {@link #record}; 0 when not measured. */
    public long start() {
        return clock == null ? 0 : clock.getAsLong();
    }

    /** Counts {@code count} items that spent the clock's time since {@code start} (from {@link #start}) in {@code stage}. */
    public void record(S stage, long start, int count) {
        if (clock != null) {
            nanos[stage.ordinal()].add(clock.getAsLong() - start);
            items[stage.ordinal()].add(count);
        }
    }

    /** Nanoseconds spent in {@code stage} since the last reset. */
    public long nanos(S stage) {
        return nanos[stage.ordinal()].sum();
    }

    /** Items that went through {@code stage} since the last reset. */
    public long items(S stage) {
        return items[stage.ordinal()].sum();
    }

    /** Items per second of time in {@code stage} (the rate the stage alone would sustain), or 0 when nothing was timed. */
    public double rate(S stage) {
        long n = nanos(stage);
        return n == 0 ? 0 : items(stage) / (n / 1e9);
    }

    /** Sets every counter to zero. */
    public void reset() {
        for (int i = 0; i < nanos.length; i++) {
            nanos[i].reset();
            items[i].reset();
        }
    }
}
