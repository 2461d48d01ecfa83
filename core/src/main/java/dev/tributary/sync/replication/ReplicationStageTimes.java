package dev.tributary.sync.replication;

import dev.tributary.engine.StageCounters;

/**
 * Where the CPU time of database replication goes: process-wide counters of the CPU nanoseconds the threads spent
 * in each stage of catch-up and the entries that went through it, for {@code bench oplog}. Each stage is timed once
 * per batch (a {@code dbwant} answered, a {@code dbblocks} decoded, verified, joined), by the running thread's CPU
 * clock, so a thread waiting for a core does not count. What the stages leave out (messaging, sockets, the
 * collector, the JIT compiler) is the process's CPU time less their sum.
 *
 * <p>Thread-safe. Counters only grow until {@link StageCounters#reset}. When the JVM cannot read a thread's CPU
 * time, nothing is counted.
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

    /**
     * The counters, timed by the running thread's CPU clock: take {@code start()} before a stage's batch,
     * {@code record} after, on the same thread.
     */
    public static final StageCounters<Stage> COUNTERS = StageCounters.threadCpu(Stage.class);

    private ReplicationStageTimes() {
    }
}
