package dev.tributary.engine;

/**
 * Where the time of a header sync goes: process-wide counters of the nanoseconds spent in each stage of
 * the header pipeline and the headers that went through it, for {@code bench headers}. Each stage is
 * timed once per batch (a {@code headers} message, a store write), so the cost is two clock reads per
 * 2,000 headers. Stages run on different threads (server engine, peer readers, client engine, store
 * writer), so their times overlap and do not add up to the wall-clock time.
 *
 * <p>Thread-safe. Counters only grow until {@link StageCounters#reset}.
 */
public final class StageTimes {
    /** The stages of the header pipeline, in the order a header goes through them. */
    public enum Stage {
        /** Answering {@code getheaders}: finding the headers and encoding the message (serving node's engine). */
        SERVE,
        /** Decoding a {@code headers} message and hashing its headers (peer reader threads). */
        DECODE,
        /** Validating a batch and adding it to the block index (syncing node's engine). */
        VALIDATE,
        /** Writing a batch of headers to the store. */
        STORE
    }

    /** The counters, timed by the wall clock: take {@code start()} before a stage's batch, {@code record} after. */
    public static final StageCounters<Stage> COUNTERS = StageCounters.wallClock(Stage.class);

    private StageTimes() {
    }
}
