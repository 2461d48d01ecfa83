package dev.tributary.sync.headers;

import dev.tributary.sync.PeerGoneException;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.Sync;
import dev.tributary.sync.SyncDataProvider;
import dev.tributary.sync.SyncPeer;
import dev.tributary.bytes.Hash;
import dev.tributary.engine.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer manager's sync state (seed 001): idle, or syncing from exactly one peer.
 *
 * <p>{@link #syncFromPeer(SyncPeer, Hash)} is the {@code SyncFromPeer} event, raised on handshake and on
 * an announcement of an unknown block. While idle it starts a pass from that peer, unless the peer is
 * gone or the announced block is already known. While syncing it is stashed (one entry per peer, the newest wins
 * but for an announcement of a known block, which does not replace one of an unknown block; so the stash is bounded
 * by the number of peers) and replayed when the pass completes. A
 * pass that returned {@code true} is followed by another from the same peer before the stash is
 * replayed; one that returned {@code false} marks the peer caught up, and so does skipping an announcement of a
 * block already known (with its bodies, in a full node): the peer's best is ours.
 *
 * <p>Engine thread only.
 */
public final class SyncCoordinator {
    private static final Logger log = LoggerFactory.getLogger(SyncCoordinator.class);
    static final long FIRST_RETRY_DELAY_MILLIS = 5_000;
    static final long MAX_RETRY_DELAY_MILLIS = 60_000;

    /** Observes passes; the command line's {@code sync} waits on it. */
    public interface PassListener {
        void onPassCompleted(SyncPeer peer, boolean more, Optional<Throwable> failure);
    }

    private record Request(SyncPeer peer, Hash hash) {
    }

    private final Sync sync;
    private final Function<SyncPeer, SyncDataProvider> providers;
    private final ChainState chain;
    private final Scheduler scheduler;
    private final boolean downloadBlocks;
    private final Map<Long, Request> stash = new LinkedHashMap<>();
    private final Set<Long> caughtUp = new HashSet<>();
    /** Consecutive failed passes per peer, for the retry backoff. */
    private final Map<Long, Integer> failures = new HashMap<>();
    private final List<PassListener> passListeners = new CopyOnWriteArrayList<>();
    private SyncPeer syncing;

    public SyncCoordinator(Sync sync, Function<SyncPeer, SyncDataProvider> providers, ChainState chain,
            Scheduler scheduler, boolean downloadBlocks) {
        this.sync = sync;
        this.providers = providers;
        this.chain = chain;
        this.scheduler = scheduler;
        this.downloadBlocks = downloadBlocks;
    }

    public void addPassListener(PassListener listener) {
        passListeners.add(listener);
    }

    /**
     * The {@code SyncFromPeer(peer, hash)} event.
     *
     * @param hash the announced block, or null on handshake: worth a pass unless the peer serves no blocks
     *             and claims no block above our best header. Core asks only peers that serve blocks; a light
     *             client such as bitcoinj answers no {@code getheaders}, while Tributary's headers-only nodes
     *             serve headers without advertising NODE_NETWORK, so a higher start height counts too.
     */
    public void syncFromPeer(SyncPeer peer, Hash hash) {
        scheduler.checkEngineThread();
        if (syncing != null) {
            Request earlier = stash.remove(peer.id());
            // An announcement of a block we have does not replace one of a block we lack: the replay would skip the
            // peer as caught up and never fetch the block it announced first (a side branch relayed late would hide
            // the best tip).
            boolean keepEarlier = earlier != null && earlier.hash() != null && !chain.index().contains(earlier.hash())
                    && hash != null && chain.index().contains(hash);
            stash.put(peer.id(), keepEarlier ? earlier : new Request(peer, hash));
            return;
        }
        if (!peer.isConnected()) {
            return;
        }
        if (hash == null && !peer.servesBlocks() && peer.bestKnownHeight() <= chain.mainTip().height()) {
            log.debug("not asking {} for headers: it serves no blocks and claims height {}", peer.label(),
                    peer.bestKnownHeight());
            caughtUp.add(peer.id());
            return;
        }
        if (hash != null && chain.index().contains(hash) && (!downloadBlocks || chain.blocksComplete())) {
            // The block the peer announced, its best, is already here: nothing to fetch, we are caught up with it.
            caughtUp.add(peer.id());
            return;
        }
        start(peer);
    }

    private void start(SyncPeer peer) {
        syncing = peer;
        caughtUp.remove(peer.id());
        log.debug("syncing from {}", peer.label());
        CompletableFuture<Boolean> pass;
        try {
            pass = sync.synchronize(providers.apply(peer));
        } catch (RuntimeException e) {
            pass = CompletableFuture.failedFuture(e);
        }
        pass.whenComplete((more, error) -> scheduler.execute(() -> completed(peer, more, error)));
    }

    private void completed(SyncPeer peer, Boolean more, Throwable error) {
        syncing = null;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause != null) {
            log.info("sync pass from {} ended: {}", peer.label(), describe(cause));
            scheduleRetry(peer);
        } else {
            failures.remove(peer.id());
            if (Boolean.FALSE.equals(more)) {
                caughtUp.add(peer.id());
            }
        }
        boolean again = cause == null && Boolean.TRUE.equals(more);
        passListeners.forEach(l -> l.onPassCompleted(peer, again, Optional.ofNullable(cause)));
        List<Request> replay = new ArrayList<>();
        if (again) {
            replay.add(new Request(peer, null));
            stash.remove(peer.id());
        }
        replay.addAll(stash.values());
        stash.clear();
        for (Request r : replay) {
            syncFromPeer(r.peer(), r.hash());
        }
    }

    /**
     * A pass that failed (a timeout, blocks nobody delivered) is tried again from the same peer while it
     * stays connected, after 5 s doubling per consecutive failure up to 60 s; otherwise a node would stay
     * behind until the next announcement of an unknown block.
     */
    private void scheduleRetry(SyncPeer peer) {
        int n = failures.merge(peer.id(), 1, Integer::sum);
        long delay = Math.min(MAX_RETRY_DELAY_MILLIS, FIRST_RETRY_DELAY_MILLIS << Math.min(10, n - 1));
        scheduler.schedule(() -> {
            if (peer.isConnected() && failures.containsKey(peer.id())) {
                syncFromPeer(peer, null);
            }
        }, delay);
    }

    private static String describe(Throwable t) {
        if (t instanceof RuntimeException && !(t instanceof PeerGoneException) && !(t instanceof IllegalStateException)) {
            log.debug("pass failure", t);
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Forgets a peer that disconnected. */
    public void onPeerGone(SyncPeer peer) {
        stash.remove(peer.id());
        failures.remove(peer.id());
        caughtUp.remove(peer.id());
    }

    public boolean isSyncing() {
        return syncing != null;
    }

    public Optional<SyncPeer> syncPeer() {
        return Optional.ofNullable(syncing);
    }

    /** Whether the last pass from this peer found nothing more, or its last announcement named a block we have. */
    public boolean isCaughtUpWith(SyncPeer peer) {
        return caughtUp.contains(peer.id());
    }

    public int stashSize() {
        return stash.size();
    }
}
