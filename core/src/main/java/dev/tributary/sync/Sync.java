package dev.tributary.sync;

import java.util.concurrent.CompletableFuture;

/**
 * One synchronization pass against a source of data. A {@code Sync} works against a
 * {@link dev.tributary.chain.store.SyncPersist}; it is not one.
 */
public interface Sync {
    /**
     * Runs one pass. The future completes with {@code true} when more may be available (run again with a
     * fresh provider for the same peer), {@code false} when this peer has nothing more, and
     * exceptionally when the pass failed (peer gone, timeout, invalid data). It is always completed.
     */
    CompletableFuture<Boolean> synchronize(SyncDataProvider provider);
}
