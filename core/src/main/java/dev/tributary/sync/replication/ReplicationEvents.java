package dev.tributary.sync.replication;

import dev.tributary.engine.Cancellable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears of replication: {@link ReplicationListener}s (progress, {@code synced}, peers, each told in turn, a failing
 * one logged and skipped) and the futures of {@link DbReplication#whenSynced} waiting for a database's next
 * {@code synced}. Listeners are added from any thread; events and waiters are on the engine thread.
 */
final class ReplicationEvents {
    private static final Logger log = LoggerFactory.getLogger(ReplicationEvents.class);

    private final List<ReplicationListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<CompletableFuture<PeerProgress>>> syncWaiters = new HashMap<>();

    /** Tells {@code listener} of progress and {@code synced} events until cancelled. Any thread. */
    Cancellable add(ReplicationListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Completes {@code f} at the next {@code synced} of {@code address}. Engine thread. */
    void awaitSynced(String address, CompletableFuture<PeerProgress> f) {
        syncWaiters.computeIfAbsent(address, a -> new ArrayList<>()).add(f);
    }

    /** A link's counters changed. */
    void progress(PeerLink l) {
        if (listeners.isEmpty()) {
            return;
        }
        PeerProgress p = l.progress();
        for (ReplicationListener x : listeners) {
            try {
                x.progress(p);
            } catch (RuntimeException e) {
                log.warn("A replication listener failed", e);
            }
        }
    }

    /** The number of connected peers changed to {@code connected}. */
    void peersChanged(int connected) {
        for (ReplicationListener x : listeners) {
            try {
                x.peersChanged(connected);
            } catch (RuntimeException e) {
                log.warn("A replication listener failed", e);
            }
        }
    }

    /** {@code peer} listed the databases it has open. */
    void peerListed(String peer, java.util.Set<String> open) {
        java.util.Set<String> listed = java.util.Collections.unmodifiableSet(open);
        for (ReplicationListener x : listeners) {
            try {
                x.peerListed(peer, listed);
            } catch (RuntimeException e) {
                log.warn("A replication listener failed", e);
            }
        }
    }

    /** A link became synced: its database holds every head the peer announced, nothing in flight. */
    void synced(PeerLink l) {
        log.debug("synced {}", l.progress());
        PeerProgress p = l.progress();
        List<CompletableFuture<PeerProgress>> waiting = syncWaiters.remove(l.replica.address);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(p));
        }
        for (ReplicationListener x : listeners) {
            try {
                x.synced(p);
            } catch (RuntimeException e) {
                log.warn("A replication listener failed", e);
            }
        }
    }
}
