package dev.tributary.net;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The node-wide bound on queued outbound data: every connection's frames written to its send queue and not yet
 * to its socket.
 *
 * <ul>
 *   <li><b>Flow control</b> ({@link #paused}): a peer whose queue holds {@link #PEER_SOFT_LIMIT} or more, or
 *       {@link #SMALL_QUEUE} or more while all queues together hold {@code nodeSoftLimit}, gets no answers: the
 *       engine leaves its requests unprocessed (of every kind, not only {@code getdata}) until its queue drains,
 *       as Bitcoin Core stops processing a peer whose send buffer is full. Its unprocessed requests hold its
 *       inbound budget, so its reader stops too and TCP pushes back on it.</li>
 *   <li><b>Hard limits</b>: a connection whose queue would exceed {@code peerHardLimit} is closed; when all
 *       queues together would exceed {@code nodeHardLimit}, the connection with the largest queue (the peer
 *       reading slowest) is closed. Flow control keeps honest peers far below both.</li>
 * </ul>
 *
 * <p>Thread-safe: counts are atomic; connections register and unregister from any thread.
 */
public final class OutboundBudget {
    /** A peer's queue at which answers to it pause (Core's send buffer; the old getdata limit). */
    public static final long PEER_SOFT_LIMIT = 4L * 1024 * 1024;
    /** While the node is over its soft limit, answers pause for peers with at least this much queued. */
    public static final long SMALL_QUEUE = 256 * 1024;

    private final long nodeSoftLimit;
    private final long nodeHardLimit;
    private final long peerHardLimit;
    private final AtomicLong total = new AtomicLong();
    private final Set<Queue> queues = ConcurrentHashMap.newKeySet();

    /** The node's defaults: answers pause past 32 MiB in all; 128 MiB in all, or 16 MiB for one peer, close. */
    public static OutboundBudget defaults() {
        return new OutboundBudget(32L * 1024 * 1024, 128L * 1024 * 1024, 16L * 1024 * 1024);
    }

    public OutboundBudget(long nodeSoftLimit, long nodeHardLimit, long peerHardLimit) {
        if (nodeSoftLimit < 1 || nodeHardLimit < nodeSoftLimit || peerHardLimit < PEER_SOFT_LIMIT) {
            throw new IllegalArgumentException("limits must be positive and ordered");
        }
        this.nodeSoftLimit = nodeSoftLimit;
        this.nodeHardLimit = nodeHardLimit;
        this.peerHardLimit = peerHardLimit;
    }

    /** Bytes queued on all connections. */
    public long queuedInTotal() {
        return total.get();
    }

    /** Whether answers to a peer with {@code queued} bytes waiting should wait. */
    public boolean paused(long queued) {
        return queued >= PEER_SOFT_LIMIT || (queued >= SMALL_QUEUE && total.get() >= nodeSoftLimit);
    }

    /**
     * Registers a connection's queue.
     *
     * @param queued the bytes it has queued now
     * @param close  closes it with a one-line reason
     */
    public Queue register(String label, LongSupplier queued, Consumer<String> close) {
        Queue q = new Queue(label, queued, close);
        queues.add(q);
        return q;
    }

    /** One connection's queue. */
    public final class Queue {
        private final String label;
        private final LongSupplier queued;
        private final Consumer<String> close;

        private Queue(String label, LongSupplier queued, Consumer<String> close) {
            this.label = label;
            this.queued = queued;
            this.close = close;
        }

        /**
         * {@code bytes} were just queued on this connection, which now holds {@code queuedNow}. Applies the hard
         * limits: may close this connection, or the one with the largest queue.
         *
         * @return false when this connection was closed for it
         */
        public boolean charge(long bytes, long queuedNow) {
            long all = total.addAndGet(bytes);
            if (queuedNow > peerHardLimit) {
                close.accept("its send queue passed " + mib(peerHardLimit) + ": the peer does not read what it asks for");
                return false;
            }
            if (all > nodeHardLimit) {
                Queue largest = this;
                long most = queuedNow;
                for (Queue q : queues) {
                    long n = q.queued.getAsLong();
                    if (n > most) {
                        largest = q;
                        most = n;
                    }
                }
                largest.close.accept("the send queues of all peers passed " + mib(nodeHardLimit) + " and this peer"
                        + " had the most unread (" + mib(most) + ")");
                return largest != this;
            }
            return true;
        }

        /** {@code bytes} left the queue (written, or dropped on close). */
        public void release(long bytes) {
            total.addAndGet(-bytes);
        }

        /** The connection is closed and its queue released. */
        public void unregister() {
            queues.remove(this);
        }

        /** Whether answers to this connection should wait. */
        public boolean paused() {
            return OutboundBudget.this.paused(queued.getAsLong());
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
