package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.SyncPeer;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync peer of an {@link InventorySync} (soterd's and btcd's netsync): which peer blocks are downloaded
 * from, when it last delivered one, and whether "current" was reported since sync mode began.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Choosing.</b> {@link #reselect} drops the sync peer and asks the {@link SyncPeerSelector} for one
 *       among the connected, eligible peers (at random among the higher, else the equal); a new one is sent
 *       {@code getblocks} from our tips, and when we are not current "Syncing blocks from" is logged. When
 *       none fits there is no sync peer until the next choice.</li>
 *   <li><b>Exhaustion.</b> A sync peer with nothing above our height while some other peer is higher is
 *       replaced on the next peer, block or tick ({@link #onPeerReady}, {@link #afterBlock}, {@link #check}).</li>
 *   <li><b>Progress and stalls.</b> {@link #onBlockFrom} records a block from the sync peer; {@link #check}
 *       finds a sync peer without one for the stall timeout while in sync mode, logs and disconnects it, and
 *       hands it back so that the caller forgets it as a gone peer (which lands in {@link #onPeerGone} and
 *       picks another).</li>
 *   <li><b>Current.</b> {@link #isCurrent} when our height is at least every connected peer's best known
 *       height; {@link #inSyncMode} while a sync peer is chosen and we are not current. {@link #afterBlock}
 *       logs "Blocks are current" once per sync.</li>
 * </ul>
 *
 * It neither owns nor changes the peer set: the connected peers come from the {@code peers} supplier. Logs
 * under {@link InventorySync}'s logger, so the lines read as before. Engine thread only; the caller checks.
 */
final class SyncPeerTracker {
    private static final Logger log = LoggerFactory.getLogger(InventorySync.class);

    private final BlockGraph<?, ?> graph;
    private final Scheduler scheduler;
    private final SyncPeerSelector selector;
    private final Supplier<Collection<SyncPeer>> peers;
    private final Predicate<SyncPeer> eligible;
    private final long stallTimeoutMillis;
    private SyncPeer syncPeer;
    private long lastProgressAt;
    private boolean reportedCurrent = true;

    /**
     * @param peers              the connected peers, read at each decision
     * @param eligible           which of them may be chosen (peers synced another way are not)
     * @param stallTimeoutMillis how long a sync peer may go without delivering a block while syncing
     */
    SyncPeerTracker(BlockGraph<?, ?> graph, Scheduler scheduler, SyncPeerSelector selector,
            Supplier<Collection<SyncPeer>> peers, Predicate<SyncPeer> eligible, long stallTimeoutMillis) {
        this.graph = graph;
        this.scheduler = scheduler;
        this.selector = selector;
        this.peers = peers;
        this.eligible = eligible;
        this.stallTimeoutMillis = stallTimeoutMillis;
    }

    /** A peer completed its handshake: choose a sync peer if there is none or the current one is exhausted. */
    void onPeerReady() {
        if (syncPeer == null || syncPeerExhausted(isCurrent())) {
            reselect();
        }
    }

    /** A peer is gone: if it was the sync peer (same id), choose another. */
    void onPeerGone(SyncPeer peer) {
        if (syncPeer != null && syncPeer.id() == peer.id()) {
            reselect();
        }
    }

    /** A block came from {@code peer}: progress, if it is the sync peer. */
    void onBlockFrom(SyncPeer peer) {
        if (peer == syncPeer) {
            lastProgressAt = scheduler.nowMillis();
        }
    }

    /** After a block: report being current once, else switch a sync peer that has nothing more to give. */
    void afterBlock() {
        if (isCurrent()) {
            if (!reportedCurrent) {
                reportedCurrent = true;
                log.info("Blocks are current at height {}", graph.height());
            }
            return;
        }
        if (syncPeerExhausted(false)) {
            reselect();
        }
    }

    /**
     * The periodic check at {@code now}: a sync peer that stalled while syncing is logged, disconnected and
     * returned (the caller then treats it as gone); otherwise a missing, disconnected or exhausted sync peer is
     * replaced and nothing is returned.
     */
    Optional<SyncPeer> check(long now) {
        boolean current = isCurrent();
        if (syncPeer != null && !current && now - lastProgressAt >= stallTimeoutMillis) {
            SyncPeer stalled = syncPeer;
            log.info("Sync peer {} sent no block for {} s: replacing it", stalled.label(),
                    (now - lastProgressAt) / 1000);
            stalled.disconnect("no block progress for " + stallTimeoutMillis / 1000 + " s while syncing");
            return Optional.of(stalled);
        }
        if (syncPeer == null || !syncPeer.isConnected() || syncPeerExhausted(current)) {
            reselect();
        }
        return Optional.empty();
    }

    /** Whether {@code peer} is the sync peer (the same object). */
    boolean isSyncPeer(SyncPeer peer) {
        return peer == syncPeer;
    }

    Optional<SyncPeer> syncPeer() {
        return Optional.ofNullable(syncPeer);
    }

    /** Whether our height is at least every connected peer's best known height. */
    boolean isCurrent() {
        int ours = graph.height();
        return peers.get().stream().allMatch(p -> p.bestKnownHeight() <= ours);
    }

    /** Sync mode: a sync peer is chosen and some peer is higher than us. */
    boolean inSyncMode() {
        return syncPeer != null && !isCurrent();
    }

    /** The sync peer has nothing above our height while another peer does ({@code current}: {@link #isCurrent}). */
    private boolean syncPeerExhausted(boolean current) {
        return !current && syncPeer != null && syncPeer.bestKnownHeight() <= graph.height();
    }

    /** Drops the sync peer and chooses another, if any peer fits, asking it for blocks from our tips. */
    private void reselect() {
        syncPeer = null;
        Optional<SyncPeer> chosen = selector.select(peers.get().stream().filter(eligible).toList(), graph.height());
        if (chosen.isEmpty()) {
            return;
        }
        syncPeer = chosen.get();
        lastProgressAt = scheduler.nowMillis();
        if (!isCurrent()) {
            reportedCurrent = false;
            log.info("Syncing blocks from {} (height {}, ours {})", syncPeer.label(), syncPeer.bestKnownHeight(),
                    graph.height());
        }
        syncPeer.send(graph.requestFromTips(Hash.ZERO));
    }
}
