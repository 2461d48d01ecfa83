package dev.tributary.sync.replication;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the CPU time of database replication goes: process-wide counters of the CPU nanoseconds the threads spent
 * in each stage of catch-up and the entries that went through it, for {@code bench oplog}. Each stage is timed once
 * per batch (a {@code dbwant} answered, a {@code dbblocks} decoded, verified, joined), by the running thread's CPU
 * clock, so a thread waiting for a core does not count. What the stages leave out (messaging, sockets, the
 * collector, the JIT compiler) is the process's CPU time less their sum.
 *
 * <p>Thread-safe. Counters only grow until {@link #reset}. When the JVM cannot read a thread's CPU time, nothing is
 * counted.
 */
public final class ReplicationStageTimes {
    /** The stages of an entry's catch-up, in the order it goes through them. */
    public enum Stage {
        /** Answering {@code dbwant}: reading the blocks from the store and making the message (serving node). */
        SERVE,
        /** Decoding fetched blocks as entries, each hashed against the CID asked for (workers). */
        DECODE,
        /** Verifying entries ahead of their join: identity, write access, signature (workers, in parallel). */
        VERIFY,
        /** Joining: the membership lookup, the checks left, and the writes of the entries with their heads. */
        JOIN
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean ENABLED = THREADS.isCurrentThreadCpuTimeSupported();
    private static final Map<Stage, LongAdder> NANOS = new EnumMap<>(Stage.class);
    private static final Map<Stage, LongAdder> ITEMS = new EnumMap<>(Stage.class);

    static {
        for (Stage s : Stage.values()) {
            NANOS.put(s, new LongAdder());
            ITEMS.put(s, new LongAdder());
        }
    }

    private ReplicationStageTimes() {
    }

    /** The calling thread's CPU time now, in nanoseconds, to pass to {@link #record}; 0 when not measured. */
    static long start() {
        return ENABLED ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Counts {@code entries} that spent the calling thread's CPU time since {@code start} in {@code stage}. */
    static void record(Stage stage, long start, int entries) {
        if (ENABLED) {
            NANOS.get(stage).add(THREADS.getCurrentThreadCpuTime() - start);
            ITEMS.get(stage).add(entries);
        }
    }

    /** CPU nanoseconds spent in {@code stage} since the last reset. */
    public static long nanos(Stage stage) {
        return NANOS.get(stage).sum();
    }

    /** Entries that went through {@code stage} since the last reset. */
    public static long items(Stage stage) {
        return ITEMS.get(stage).sum();
    }

    /** Sets every counter to zero. */
    public static void reset() {
        for (Stage s : Stage.values()) {
            NANOS.get(s).reset();
            ITEMS.get(s).reset();
        }
    }
}
