package dev.tributary.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the time of a header sync goes: process-wide counters of the nanoseconds spent in each stage of
 * the header pipeline and the headers that went through it, for {@code bench headers}. Each stage is
 * timed once per batch (a {@code headers} message, a store write), so the cost is two clock reads per
 * 2,000 headers. Stages run on different threads (server engine, peer readers, client engine, store
 * writer), so their times overlap and do not add up to the wall-clock time.
 *
 * <p>Thread-safe. Counters only grow until {@link #reset}.
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

    private static final Map<Stage, LongAdder> NANOS = new EnumMap<>(Stage.class);
    private static final Map<Stage, LongAdder> ITEMS = new EnumMap<>(Stage.class);

    static {
        for (Stage s : Stage.values()) {
            NANOS.put(s, new LongAdder());
            ITEMS.put(s, new LongAdder());
        }
    }

    private StageTimes() {
    }

    /** Counts {@code items} headers that spent the time since {@code startNanos} ({@link System#nanoTime}) in {@code stage}. */
    public static void record(Stage stage, long startNanos, int items) {
        NANOS.get(stage).add(System.nanoTime() - startNanos);
        ITEMS.get(stage).add(items);
    }

    /** Nanoseconds spent in {@code stage} since the last reset. */
    public static long nanos(Stage stage) {
        return NANOS.get(stage).sum();
    }

    /** Headers that went through {@code stage} since the last reset. */
    public static long items(Stage stage) {
        return ITEMS.get(stage).sum();
    }

    /** Headers per second of busy time in {@code stage}, or 0 when nothing was timed. */
    public static double rate(Stage stage) {
        long n = nanos(stage);
        return n == 0 ? 0 : items(stage) / (n / 1e9);
    }

    /** Sets every counter to zero. */
    public static void reset() {
        for (Stage s : Stage.values()) {
            NANOS.get(s).reset();
            ITEMS.get(s).reset();
        }
    }
}
