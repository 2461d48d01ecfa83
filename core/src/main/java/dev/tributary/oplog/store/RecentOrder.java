package dev.tributary.oplog.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The newest order keys of one log, kept in memory so that an append does not scan the order index for its
 * references (OrbitDB's {@code getReferences} reads the 16 entries behind the heads on every append).
 *
 * <p>Holds the newest {@code min(capacity, size)} keys, newest first, read from the store the first time they are
 * asked for and then kept in step by {@link #added} after every commit. Each key added is put at its place in the
 * order, so entries joined out of order are placed right; a key already held is not held twice, so a load that
 * already saw a commit and the same commit's {@code added} agree. Thread-safe: the list is replaced whole under a
 * lock, and readers get an unmodifiable snapshot.
 */
final class RecentOrder {
    private final int capacity;
    private final Supplier<List<OrderKey>> loader;
    /** Newest first; null until first asked for. */
    private List<OrderKey> keys;

    /**
     * @param capacity how many of the newest keys to hold
     * @param loader   reads the newest {@code capacity} keys from the store, newest first
     */
    RecentOrder(int capacity, Supplier<List<OrderKey>> loader) {
        this.capacity = capacity;
        this.loader = loader;
    }

    int capacity() {
        return capacity;
    }

    /** The newest {@code n} keys (fewer if the log is shorter), newest first; {@code n} is at most the capacity. */
    synchronized List<OrderKey> newest(int n) {
        if (n > capacity) {
            throw new IllegalArgumentException("at most " + capacity + " of the newest keys are held, asked for " + n);
        }
        if (keys == null) {
            keys = Collections.unmodifiableList(new ArrayList<>(loader.get()));
        }
        return keys.subList(0, Math.min(n, keys.size()));
    }

    /** Takes in the keys a commit has just written (in any order). Nothing to do while nothing was asked for. */
    synchronized void added(List<OrderKey> written) {
        if (keys == null || written.isEmpty()) {
            return;
        }
        List<OrderKey> next = new ArrayList<>(keys);
        for (OrderKey key : written) {
            // newest first is descending order: search with the reversed comparison
            int at = Collections.binarySearch(next, key, Collections.reverseOrder());
            if (at >= 0) {
                continue;
            }
            int insertAt = -at - 1;
            if (insertAt < capacity) {
                next.add(insertAt, key);
                if (next.size() > capacity) {
                    next.remove(next.size() - 1);
                }
            }
        }
        keys = Collections.unmodifiableList(next);
    }
}
