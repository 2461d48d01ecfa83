package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.message.DagRangeMessage;
import dev.tributary.dag.message.DagTipsMessage;
import dev.tributary.dag.message.GetDagRangeMessage;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.SyncPeer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DAG reconciliation (Tributary's extension of soterd's sync, docs/dagtest-protocol.md): two dagtest nodes that
 * meet converge on the union of their blocks, whatever their heights, without a new block, in a number of round
 * trips that does not grow with how long they were apart. It runs beside {@link InventorySync} on the same
 * {@link DagBlockGraph}, with the peers that advertise {@code NODE_DAG_RECONCILIATION}; it uses the sync's
 * {@code getdata} requests, so a block is asked of one peer at a time, whoever listed it.
 *
 * <ol>
 *   <li><b>Tips.</b> Each side tells the other its tips ({@code dagtips}) on connect and whenever they change
 *       ({@link DagTipsAnnouncer}: at most once a second). A node holds all of a peer's blocks exactly when it
 *       holds all the peer's tips, so a peer's tips we lack (neither connected nor asked for; an orphan counts
 *       as lacking) start a round, also when the peer's highest tip is below ours.</li>
 *   <li><b>Round</b> ({@link ReconciliationRound}): a locating {@code getdagrange} with a
 *       {@link dev.tributary.dag.DagLocator} of our DAG; the peer lists its blocks in canonical order from where
 *       our DAGs start to differ, in pages of 2,000 ({@code dagrange}), each next page asked after the last entry
 *       of the one before (continuing inside a height); we {@code getdata} the blocks we lack, which come parents
 *       first. A whole partition comes in one round: one round trip for tips, one per page, one for the blocks,
 *       pipelined.</li>
 *   <li><b>After a round</b>, the peer's latest tips are checked again: still lacking some after a round that
 *       brought blocks, or after the peer announced new tips, starts another round; after a round that brought
 *       nothing while a listed tip is still missing (the locator was fooled, say by a forged digest collision),
 *       a full round lists everything above genesis; if even that brings nothing, rounds stop until the peer
 *       announces other tips.</li>
 *   <li><b>Orphans</b> from a reconciling peer start a round instead of btcd's one generation per round trip
 *       ({@link #fetchesAncestors}); reconciling peers are never the sync peer (no {@code getblocks} by height),
 *       so sync mode never drops their announcements.</li>
 *   <li><b>Serving</b>: {@link DagRangeServer}.</li>
 * </ol>
 *
 * <p>Bounds and penalties per peer: {@code dagtips} at most {@value #TIPS_BURST} at once and
 * {@value #TIPS_PER_SECOND} a second after that, else {@value #OVER_RATE_PENALTY} points and ignored;
 * {@code getdagrange} as {@link DagRangeServer} says; a {@code dagrange} nobody asked for costs
 * {@value #UNSOLICITED_PENALTY} points, one that does not continue after the cursor {@value #BAD_PAGE_PENALTY}
 * and ends the round; malformed messages do not decode (20 points). One round per peer at a time, one request
 * of it in flight, at most two pages of blocks awaited; a request unanswered for the request timeout ends the
 * round (another starts at the next check, every {@value #CHECK_INTERVAL_MILLIS} ms, while the peer's tips are
 * lacking). Memory per peer: its last tips (at most 64) and one round.
 *
 * <p>Engine thread only; each entry point checks it.
 */
public final class DagReconciler implements InventoryExtension {
    private static final Logger log = LoggerFactory.getLogger(DagReconciler.class);

    static final int TIPS_BURST = 10;
    static final int TIPS_PER_SECOND = 2;
    static final int OVER_RATE_PENALTY = 10;
    static final int UNSOLICITED_PENALTY = 10;
    static final int BAD_PAGE_PENALTY = 20;
    /** How often rounds are checked for timeouts and peers' tips checked again. */
    static final long CHECK_INTERVAL_MILLIS = 10_000;

    private final InventorySync<DagBlock, DagGetBlocksMessage> sync;
    private final DagBlockGraph graph;
    private final Scheduler scheduler;
    private final long requestTimeoutMillis;
    private final DagTipsAnnouncer announcer;
    private final DagRangeServer server;
    private final Map<Long, PeerState> peers = new LinkedHashMap<>();
    private final PeriodicCheck ticker;
    private long roundsStarted;

    /** What we know of one reconciling peer. */
    private static final class PeerState {
        final SyncPeer peer;
        final RateBudget tipsBudget;
        /** Its last {@code dagtips}, and how many it sent. */
        DagTipsMessage tips;
        long tipsSeq;
        ReconciliationRound round;
        /** The last orphan it sent that a round should bring the ancestors of; null once given up. */
        Hash orphan;
        /** Rounds stopped at these tips of the peer: they brought nothing. */
        Hash stuckOn;

        PeerState(SyncPeer peer, long nowMillis) {
            this.peer = peer;
            this.tipsBudget = new RateBudget(TIPS_BURST, TIPS_PER_SECOND, nowMillis);
        }
    }

    /** What a peer's tips say we lack. */
    private enum Lack {
        /** Nothing: we hold (or are fetching) each of its tips, and it listed them all. */
        NOTHING,
        /** Maybe something: its tips list is cut short, or an orphan it sent still waits. */
        MAYBE,
        /** A tip it listed is neither here nor asked for. */
        TIP
    }

    private DagReconciler(InventorySync<DagBlock, DagGetBlocksMessage> sync, DagBlockGraph graph, Scheduler scheduler,
            long requestTimeoutMillis) {
        this.sync = sync;
        this.graph = graph;
        this.scheduler = scheduler;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.announcer = new DagTipsAnnouncer(scheduler, graph::state);
        this.server = new DagRangeServer(graph.index(), scheduler);
        this.ticker = new PeriodicCheck(scheduler, CHECK_INTERVAL_MILLIS, this::onTick, () -> !peers.isEmpty());
    }

    /**
     * Adds reconciliation to {@code sync} (whose graph is {@code graph}) while the node is built, before any peer
     * is ready.
     *
     * @param requestTimeoutMillis how long a {@code getdagrange} may go unanswered before its round ends
     */
    public static DagReconciler install(InventorySync<DagBlock, DagGetBlocksMessage> sync, DagBlockGraph graph,
            Scheduler scheduler, long requestTimeoutMillis) {
        if (sync.graph() != graph) {
            throw new IllegalArgumentException("the sync must run over the same graph");
        }
        DagReconciler r = new DagReconciler(sync, graph, scheduler, requestTimeoutMillis);
        sync.attach(r);
        return r;
    }

    // ---- peer lifecycle ----------------------------------------------------------------------------

    /**
     * A peer completed its handshake; call before {@link InventorySync#onPeerReady}. A peer that
     * {@code reconciles} (it advertised the service) is told our tips and is not a sync-peer candidate; others
     * are left to inventory sync alone.
     */
    public void onPeerReady(SyncPeer peer, boolean reconciles) {
        scheduler.checkEngineThread();
        if (!reconciles) {
            return;
        }
        peers.put(peer.id(), new PeerState(peer, scheduler.nowMillis()));
        announcer.onPeerReady(peer);
        ticker.start();
    }

    public void onPeerGone(SyncPeer peer) {
        scheduler.checkEngineThread();
        peers.remove(peer.id());
        announcer.onPeerGone(peer);
        server.onPeerGone(peer);
    }

    /** Stops the periodic check (the node is stopping). */
    public void stop() {
        ticker.stop();
    }

    // ---- messages ----------------------------------------------------------------------------------

    /** A {@code dagtips}: the peer's DAG state; a round starts when it shows tips we lack. */
    public void onTips(SyncPeer peer, DagTipsMessage tips) {
        scheduler.checkEngineThread();
        PeerState s = peers.get(peer.id());
        if (s == null) {
            log.debug("{} sent dagtips without advertising reconciliation: ignored", peer.label());
            return;
        }
        if (!s.tipsBudget.take(scheduler.nowMillis())) {
            peer.misbehave(OVER_RATE_PENALTY, "sent dagtips more than " + TIPS_PER_SECOND + " times a second");
            return;
        }
        s.tips = tips;
        s.tipsSeq++;
        if (s.stuckOn != null && !s.stuckOn.equals(tips.tipsHash())) {
            s.stuckOn = null;
        }
        announcer.onTheirTips(peer, tips.tipsHash());
        evaluate(s);
    }

    /** A {@code getdagrange}: answered with one page ({@link DagRangeServer}). */
    public void onGetRange(SyncPeer peer, GetDagRangeMessage request) {
        scheduler.checkEngineThread();
        server.onGetRange(peer, request);
    }

    /** A {@code dagrange}: the blocks we lack are asked for, the next page when due. */
    public void onRange(SyncPeer peer, DagRangeMessage page) {
        scheduler.checkEngineThread();
        PeerState s = peers.get(peer.id());
        if (s == null || s.round == null || !s.round.awaitingPage()) {
            peer.misbehave(UNSOLICITED_PENALTY, "sent a dagrange nobody asked for");
            return;
        }
        Optional<String> problem = s.round.onPage(page);
        if (problem.isPresent()) {
            s.round = null;
            peer.misbehave(BAD_PAGE_PENALTY, problem.get());
            return;
        }
        List<Hash> lacking = new ArrayList<>();
        for (BlockAtHeight b : page.blocks()) {
            if (!graph.contains(b.hash()) && !sync.orphans().contains(b.hash())) {
                lacking.add(b.hash());
            }
        }
        sync.requestBlocks(peer, lacking);
        s.round.await(lacking.stream().filter(sync::isRequested).toList());
        advance(s);
    }

    // ---- InventoryExtension ------------------------------------------------------------------------

    /** Reconciling peers are synced by rounds, never as the sync peer. */
    @Override
    public boolean maySyncFrom(SyncPeer peer) {
        return !peers.containsKey(peer.id());
    }

    @Override
    public void onConnected(List<Hash> hashes) {
        for (PeerState s : List.copyOf(peers.values())) {
            ReconciliationRound r = s.round;
            if (r == null) {
                continue;
            }
            boolean progress = false;
            for (Hash h : hashes) {
                progress |= r.connected(h);
            }
            if (progress) {
                advance(s);
            }
        }
        announcer.onStateChanged();
    }

    /** An orphan from a reconciling peer: a round with it (if none runs) fetches every missing ancestor. */
    @Override
    public boolean fetchesAncestors(SyncPeer peer, Hash orphan) {
        PeerState s = peers.get(peer.id());
        if (s == null) {
            return false;
        }
        s.orphan = orphan;
        evaluate(s);
        return true;
    }

    // ---- rounds ------------------------------------------------------------------------------------

    /** Starts a round with the peer unless one runs, or its tips show nothing we lack, or rounds are stuck. */
    private void evaluate(PeerState s) {
        if (s.round != null || !s.peer.isConnected()) {
            return;
        }
        Lack lack = lack(s);
        if (lack == Lack.NOTHING) {
            return;
        }
        if (s.orphan == null && s.stuckOn != null && s.tips != null && s.stuckOn.equals(s.tips.tipsHash())) {
            return;
        }
        start(s, false);
    }

    private Lack lack(PeerState s) {
        if (s.orphan != null && sync.orphans().contains(s.orphan)) {
            return Lack.MAYBE;
        }
        DagTipsMessage tips = s.tips;
        if (tips == null || tips.tipsHash().equals(graph.state().tipsHash())) {
            return Lack.NOTHING;
        }
        for (Hash t : tips.listedTips()) {
            if (!graph.contains(t) && !sync.isRequested(t)) {
                return Lack.TIP;
            }
        }
        return tips.listsAllTips() ? Lack.NOTHING : Lack.MAYBE;
    }

    private void start(PeerState s, boolean full) {
        s.round = new ReconciliationRound(full, s.tipsSeq);
        roundsStarted++;
        log.debug("Reconciling with {}{}", s.peer.label(), full ? ": listing all its blocks" : "");
        s.peer.send(s.round.firstRequest(graph.index(), scheduler.nowMillis()));
    }

    /** Asks for the next page when due; finishes the round when nothing more is awaited. */
    private void advance(PeerState s) {
        ReconciliationRound r = s.round;
        if (r == null) {
            return;
        }
        r.nextRequest(scheduler.nowMillis()).ifPresent(s.peer::send);
        if (r.finished()) {
            finish(s, r);
        }
    }

    private void finish(PeerState s, ReconciliationRound r) {
        s.round = null;
        if (r.fetched() > 0) {
            log.info("Reconciled with {}: fetched {} of the {} blocks it listed, in {} page{}", s.peer.label(),
                    r.fetched(), r.listed(), r.pages(), r.pages() == 1 ? "" : "s");
        } else {
            log.debug("Reconciled with {}: nothing new in {} listed", s.peer.label(), r.listed());
        }
        Lack lack = lack(s);
        if (lack == Lack.NOTHING) {
            return;
        }
        if (r.fetched() > 0 || s.tipsSeq != r.tipsSeq()) {
            start(s, false);
        } else if (!r.full() && lack == Lack.TIP) {
            start(s, true);
        } else {
            // Nothing more to get from this peer as it stands: wait for new tips, or for another orphan of it.
            s.orphan = null;
            if (s.tips != null) {
                s.stuckOn = s.tips.tipsHash();
            }
            if (lack == Lack.TIP) {
                log.info("{} announced tips that it did not list or that we cannot take; waiting for its tips to"
                        + " change", s.peer.label());
            } else {
                log.debug("Nothing more to get from {} until its tips change", s.peer.label());
            }
        }
    }

    /** Every {@link #CHECK_INTERVAL_MILLIS}: late requests end their round, rounds forget blocks no longer coming. */
    private void onTick() {
        long now = scheduler.nowMillis();
        for (PeerState s : List.copyOf(peers.values())) {
            ReconciliationRound r = s.round;
            if (r == null) {
                evaluate(s);
            } else if (r.timedOut(now, requestTimeoutMillis)) {
                log.info("{} did not answer getdagrange in {} s: reconciling again later", s.peer.label(),
                        requestTimeoutMillis / 1000);
                s.round = null;
            } else {
                r.prune(h -> !graph.contains(h) && sync.isRequested(h));
                advance(s);
            }
        }
    }

    // ---- state -------------------------------------------------------------------------------------

    /** Rounds started since the node started (for tests and logs). */
    public long roundsStarted() {
        return roundsStarted;
    }

    /** Whether a round with {@code peer} is running. */
    public boolean isReconciling(SyncPeer peer) {
        PeerState s = peers.get(peer.id());
        return s != null && s.round != null;
    }
}
