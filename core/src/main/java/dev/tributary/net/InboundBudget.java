package dev.tributary.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The node-wide bound on inbound data held in memory: every connection's unfinished frame (its decoder's buffer,
 * counted as its bytes arrive) and its decoded messages that the engine has not processed yet (each counted
 * {@link dev.tributary.wire.WireLimits#DECODED_BYTES_PER_BYTE} times its size, at least
 * {@link #MIN_MESSAGE_COST}). A connection's reader takes from the budget before it reads or hands a message
 * over, and waits while it cannot; TCP then pushes back on the sender.
 *
 * <p>Three numbers:
 * <ul>
 *   <li>each connection may hold {@code freePerConnection} without drawing on the shared pool, so a peer that
 *       sends small messages is never held up by others (it is what a reader needs to read and a few small
 *       messages);</li>
 *   <li>beyond that, all connections together draw on a pool of {@code capacity} bytes;</li>
 *   <li>and one connection holds at most {@code maxPerConnection} (more than its largest message can cost).</li>
 * </ul>
 * So inbound data never holds more than {@code capacity + connections × freePerConnection} bytes.
 *
 * <p>A pool held by connections that do not move (an unfinished frame that never completes, messages the engine
 * has parked because the peer does not read our answers) would starve everyone else. When a reader has waited
 * {@link #STARVED_NANOS} for the pool, the connection holding the most of it that made no progress (no frame
 * completed, no message processed) for {@link #STALLED_NANOS} is closed through its {@code evict} callback, with
 * a reason in the user's terms.
 *
 * <p>Thread-safe: one monitor guards the counts; readers wait on it.
 */
public final class InboundBudget {
    /** The least a decoded message costs: a queued message costs the engine far more than its bytes when tiny. */
    public static final int MIN_MESSAGE_COST = 4 * 1024;
    /** How long a reader waits for the pool before the most stalled holder is evicted. */
    static final long STARVED_NANOS = 1_000_000_000L;
    /** A holder that made no progress for this long may be evicted to feed a starved reader. */
    static final long STALLED_NANOS = 2_000_000_000L;
    private static final long WAIT_SLICE_MILLIS = 100;

    private final long capacity;
    private final long freePerConnection;
    private final long maxPerConnection;
    private final LongSupplier nanoClock;
    private final List<Account> accounts = new ArrayList<>();
    private long shared;

    /** The node's defaults: a 128 MiB pool, 256 KiB free per connection, 48 MiB at most per connection. */
    public static InboundBudget defaults() {
        return new InboundBudget(128L * 1024 * 1024, 256 * 1024, 48L * 1024 * 1024, System::nanoTime);
    }

    public InboundBudget(long capacity, long freePerConnection, long maxPerConnection, LongSupplier nanoClock) {
        if (capacity < 1 || freePerConnection < 0 || maxPerConnection < 1) {
            throw new IllegalArgumentException("budgets must be positive");
        }
        this.capacity = capacity;
        this.freePerConnection = freePerConnection;
        this.maxPerConnection = maxPerConnection;
        this.nanoClock = nanoClock;
    }

    /** What a decoded message of {@code wireBytes} (frame header included) is charged until the engine processed it. */
    public static long messageCost(long wireBytes) {
        return Math.max(MIN_MESSAGE_COST, wireBytes * dev.tributary.wire.WireLimits.DECODED_BYTES_PER_BYTE);
    }

    /**
     * Opens the account of one connection.
     *
     * @param label names the connection in eviction reasons
     * @param evict closes the connection with the given one-line reason (called without the budget's lock held)
     */
    public synchronized Account open(String label, Consumer<String> evict) {
        Account a = new Account(label, evict, nanoClock.getAsLong());
        accounts.add(a);
        return a;
    }

    /** Bytes drawn from the shared pool now. */
    public synchronized long sharedInUse() {
        return shared;
    }

    /** Bytes held by all connections, free allowances included. */
    public synchronized long heldInTotal() {
        long n = 0;
        for (Account a : accounts) {
            n += a.total();
        }
        return n;
    }

    public long capacity() {
        return capacity;
    }

    public long maxPerConnection() {
        return maxPerConnection;
    }

    private long excess(long held) {
        return Math.max(0, held - freePerConnection);
    }

    /** The most stalled holder of the shared pool other than {@code starving}, or null. Holds the lock. */
    private Account victimFor(Account starving, long now) {
        Account victim = null;
        for (Account a : accounts) {
            if (a == starving || a.closed || excess(a.total()) == 0 || now - a.lastProgress < STALLED_NANOS) {
                continue;
            }
            if (victim == null || excess(a.total()) > excess(victim.total())) {
                victim = a;
            }
        }
        return victim;
    }

    /**
     * One connection's share. Its reader calls {@link #reserve}, {@link #settlePartial} and
     * {@link #acquireMessage}; the engine calls {@link #releaseMessage}; closing calls {@link #close}.
     */
    public final class Account {
        private final String label;
        private final Consumer<String> evict;
        private long partial;
        private long reserved;
        private long queued;
        private long lastProgress;
        private boolean closed;

        private Account(String label, Consumer<String> evict, long now) {
            this.label = label;
            this.evict = evict;
            this.lastProgress = now;
        }

        private long total() {
            return partial + reserved + queued;
        }

        /** Changes the held amount by {@code delta}, keeping the shared count. Holds the lock. */
        private void change(long partialDelta, long reservedDelta, long queuedDelta) {
            long before = excess(total());
            partial += partialDelta;
            reserved += reservedDelta;
            queued += queuedDelta;
            shared += excess(total()) - before;
        }

        /**
         * Takes {@code bytes} more, waiting while the connection or the pool cannot hold them.
         *
         * @return false when the connection closed meanwhile (the caller stops reading)
         */
        private boolean take(long bytes, boolean asMessage) throws InterruptedException {
            Account victim = null;
            synchronized (InboundBudget.this) {
                long waitedSince = nanoClock.getAsLong();
                while (true) {
                    if (closed) {
                        return false;
                    }
                    long after = total() + bytes;
                    boolean fitsConnection = after <= maxPerConnection || total() == 0;
                    boolean fitsPool = shared - excess(total()) + excess(after) <= capacity;
                    if (fitsConnection && fitsPool) {
                        change(0, asMessage ? 0 : bytes, asMessage ? bytes : 0);
                        return true;
                    }
                    long now = nanoClock.getAsLong();
                    if (fitsConnection && now - waitedSince >= STARVED_NANOS) {
                        victim = victimFor(this, now);
                        if (victim != null) {
                            victim.closed = true;
                            victim.release();
                            InboundBudget.this.notifyAll();
                            waitedSince = now;
                            break;
                        }
                    }
                    InboundBudget.this.wait(WAIT_SLICE_MILLIS);
                }
            }
            victim.evict.accept("it held " + mib(victim.heldBeforeEviction) + " of inbound memory without"
                    + " progress while the node's inbound memory was full");
            return take(bytes, asMessage);
        }

        private long heldBeforeEviction;

        /** Releases everything but queued messages, which the engine still releases one by one. Holds the lock. */
        private void release() {
            heldBeforeEviction = total();
            change(-partial, -reserved, 0);
        }

        /**
         * Before a read: reserves room for what the read may add to the unfinished frame's buffer. Waits.
         *
         * @return false when the connection closed meanwhile
         */
        public boolean reserve(long bytes) throws InterruptedException {
            return take(bytes, false);
        }

        /**
         * After a read: the unfinished frame now holds {@code bytes} (its decoder's buffer); the reservation ends.
         * Never waits: the reservation covered the growth.
         */
        public void settlePartial(long bytes) {
            synchronized (InboundBudget.this) {
                if (closed) {
                    return;
                }
                change(bytes - partial, -reserved, 0);
                InboundBudget.this.notifyAll();
            }
        }

        /**
         * A frame completed and decodes to a message costing {@code cost} until processed: waits for it.
         *
         * @return false when the connection closed meanwhile (the message is dropped)
         */
        public boolean acquireMessage(long cost) throws InterruptedException {
            boolean ok = take(cost, true);
            if (ok) {
                synchronized (InboundBudget.this) {
                    lastProgress = nanoClock.getAsLong();
                }
            }
            return ok;
        }

        /** The engine processed a message of {@code cost}. Any thread. */
        public void releaseMessage(long cost) {
            synchronized (InboundBudget.this) {
                change(0, 0, -Math.min(cost, queued));
                lastProgress = nanoClock.getAsLong();
                if (closed && queued == 0) {
                    accounts.remove(this);
                }
                InboundBudget.this.notifyAll();
            }
        }

        /** The connection closed: its unfinished frame is gone; its queued messages are released as processed. */
        public void close() {
            synchronized (InboundBudget.this) {
                if (!closed) {
                    closed = true;
                    release();
                }
                if (queued == 0) {
                    accounts.remove(this);
                }
                InboundBudget.this.notifyAll();
            }
        }

        /** Bytes this connection holds now. */
        public long held() {
            synchronized (InboundBudget.this) {
                return partial + reserved + queued;
            }
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
