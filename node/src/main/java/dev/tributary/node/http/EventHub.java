package dev.tributary.node.http;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Fans the node's events out to the clients of {@code GET /events}, each through a queue of its own of at most
 * {@link #QUEUE_EVENTS} events: a client that does not keep up (its queue full) is dropped, never waited for, so a
 * slow reader costs the node a bounded amount of memory and never holds back the others. At most
 * {@link #MAX_CLIENTS} clients at once. Thread-safe.
 */
final class EventHub {
    /** Events a client may have waiting before it is dropped. */
    static final int QUEUE_EVENTS = 256;
    /** Clients at once. */
    static final int MAX_CLIENTS = 32;

    /** One event: its name (the SSE {@code event:} field) and its data, one line of JSON. */
    record Event(String name, String json) {
    }

    /** One client's queue. */
    static final class Subscriber {
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_EVENTS);
        private final Runnable onDrop;
        private volatile boolean dropped;
        private volatile boolean overflowed;

        private Subscriber(Runnable onDrop) {
            this.onDrop = onDrop;
        }

        /** The next event, waiting at most {@code millis}; null when none came (or the client was dropped). */
        Event next(long millis) throws InterruptedException {
            return dropped ? null : queue.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** Whether the hub dropped this client (its queue overflowed, or it unsubscribed). */
        boolean dropped() {
            return dropped;
        }

        /** Whether the hub dropped this client because its queue was full. */
        boolean overflowed() {
            return overflowed;
        }

        /** Events waiting. */
        int waiting() {
            return queue.size();
        }
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /**
     * A new client; {@code onDrop} runs once if the hub drops it for falling behind.
     *
     * @return null when {@link #MAX_CLIENTS} clients are subscribed already
     */
    synchronized Subscriber subscribe(Runnable onDrop) {
        if (subscribers.size() >= MAX_CLIENTS) {
            return null;
        }
        Subscriber s = new Subscriber(onDrop);
        subscribers.add(s);
        return s;
    }

    /** The client is gone. Idempotent. */
    void unsubscribe(Subscriber s) {
        s.dropped = true;
        subscribers.remove(s);
    }

    /** Whether any client listens (the node's state is sampled only then). */
    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** Queues {@code event} for every client, dropping those whose queue is full. Never blocks. */
    void publish(Event event) {
        for (Subscriber s : subscribers) {
            if (!s.queue.offer(event)) {
                s.overflowed = true;
                unsubscribe(s);
                s.queue.clear();
                s.onDrop.run();
            }
        }
    }
}
