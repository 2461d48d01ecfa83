package dev.tributary.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The bookkeeping of one keyspace's writes that skip RocksDB's write-ahead log
 * ({@link KeyValueStore#writeUnlogged}), which keeps the keyspace a prefix of its writes after a crash.
 *
 * <p>An unlogged write lives in the memtable only until RocksDB flushes it to a table file. So before a logged write
 * of the keyspace (which the log would bring back after a crash), the unlogged writes made before it are flushed
 * ({@link #beforeLogged}): a crash can then lose unlogged writes only from the end of the keyspace's history,
 * never an earlier one while a later write survives.
 *
 * <p>Such a forced flush writes a small table file. To keep a workload that mixes both kinds (headers and blocks of
 * a chain, say) from forcing one per write, unlogged writes are written with the log for {@link #pauseNanos} after
 * each forced flush ({@link #maySkipLog}).
 *
 * <p>Thread-safe. Writes made concurrently are not ordered by the caller, so either order of them is a prefix.
 */
final class UnloggedWrites {
    /** After a forced flush, how long unlogged writes keep the log: one forced flush a minute at most. */
    static final long DEFAULT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Flushes a keyspace's memtable to table files, waiting until it is done. */
    @FunctionalInterface
    interface Flush<E extends Exception> {
        void run() throws E;
    }

    private final LongSupplier nanoTime;
    private final long pauseNanos;
    /** Unlogged writes made and not yet known to be flushed. */
    private final AtomicLong unflushed = new AtomicLong();
    private volatile boolean forcedFlushSeen;
    private volatile long lastForcedFlush;

    UnloggedWrites(LongSupplier nanoTime, long pauseNanos) {
        this.nanoTime = nanoTime;
        this.pauseNanos = pauseNanos;
    }

    /** Whether a write asked to skip the log may do so now: not within the pause after a forced flush. */
    boolean maySkipLog() {
        return !forcedFlushSeen || nanoTime.getAsLong() - lastForcedFlush >= pauseNanos;
    }

    /** Records an unlogged write that has returned. */
    void written() {
        unflushed.incrementAndGet();
    }

    /** Before a logged write: flushes the unlogged writes made before it, if any. */
    <E extends Exception> void beforeLogged(Flush<E> flush) throws E {
        long pending = unflushed.get();
        if (pending == 0) {
            return;
        }
        flush.run();
        unflushed.addAndGet(-pending);
        lastForcedFlush = nanoTime.getAsLong();
        forcedFlushSeen = true;
    }

    /** Whether unlogged writes are waiting for a flush (a logged write of the keyspace would force one). */
    boolean pending() {
        return unflushed.get() > 0;
    }
}
