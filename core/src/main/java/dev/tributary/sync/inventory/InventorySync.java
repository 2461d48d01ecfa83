package dev.tributary.sync.inventory;

import dev.tributary.chain.BlockRejectReason;
import dev.tributary.validation.Verdict;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockValidator;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.SyncPeer;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.chain.Transaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks-first inventory sync (SPEC section 2, soterd's and btcd's netsync): one state machine on the engine
 * thread that reacts to peer messages, over any {@link BlockGraph}.
 *
 * <pre>
 *  handshake         -> a sync peer is picked (at random among higher peers, else equal) and sent getblocks
 *                       ({@link SyncPeerTracker})
 *  inv / headers     -> getdata for unknown blocks and transactions; in sync mode, block announcements from
 *                       peers other than the sync peer are dropped; the zero hash means "ask me for more"
 *  block             -> connected (then the orphans waiting on it), or kept as an orphan while its missing
 *                       parents are asked for; unrequested blocks are misbehaviour unless allowed (regtest);
 *                       then "current" is reported, or an exhausted sync peer replaced ({@link SyncPeerTracker})
 *  tx                -> memory pool, relayed
 *  notfound          -> asked again of another peer
 *  getblocks/getdata -> {@link InventoryServer}
 *  every 30 s        -> ({@link PeriodicCheck}, while there are peers) a sync peer without a block for 3
 *                       minutes is dropped and replaced ({@link SyncPeerTracker}); late requests are asked
 *                       again; expired orphans leave
 * </pre>
 *
 * Sync mode lasts while a sync peer is chosen and some peer is known to be higher than us. Connected blocks
 * and new transactions are announced to every peer that does not know them; in sync mode, blocks only to the
 * peers below them (the others have them). {@link #submitBlock} and {@link #submitTransaction} are the local
 * entry points (a miner, an API).
 *
 * <p>Engine thread only: every public method checks it.
 *
 * @param <B> the block type
 * @param <Q> the graph's {@code getblocks} message
 */
public final class InventorySync<B, Q extends Message> {
    private static final Logger log = LoggerFactory.getLogger(InventorySync.class);
    /** Points for a block nobody asked for (btcd disconnects such a peer). */
    public static final int UNREQUESTED_BLOCK_PENALTY = 20;
    /** Most orphans' parents asked again on one tick. */
    static final int MAX_PARENTS_ASKED_PER_TICK = 16;
    /**
     * Points for an orphan nobody asked for, where unrequested blocks are allowed (regtest, dagtest): an honest
     * node announces its blocks and sends them when asked; one that pushes blocks we cannot connect is filling
     * our orphan pool. Ten of them disconnect it.
     */
    public static final int UNREQUESTED_ORPHAN_PENALTY = 10;

    private final BlockGraph<B, Q> graph;
    private final Scheduler scheduler;
    private final InventoryConfig config;
    private final OrphanPool<B> orphans;
    private final TransactionPool mempool;
    private final InventoryRelay relay;
    private final InventoryServer<B, Q> server;
    private final BlockIntake<B, Q> intake;
    private final DataRequests requests;
    private final SyncPeerTracker tracker;
    private final Map<Long, SyncPeer> peers = new LinkedHashMap<>();
    /** Per peer, the last orphan root asked for by getblocks, with our height then. */
    private final Map<Long, AskedRoot> askedBefore = new HashMap<>();
    private final PeriodicCheck ticker;
    /** Ticks so far: which peer the orphans' parents are asked of next. */
    private int ticks;
    private InventoryExtension extension = InventoryExtension.NONE;

    public InventorySync(BlockGraph<B, Q> graph, Scheduler scheduler, InventoryConfig config, Random random) {
        this.graph = graph;
        this.scheduler = scheduler;
        this.config = config;
        this.orphans = new OrphanPool<>(graph::sizeOf);
        this.mempool = new TransactionPool(config.mempoolMaxTransactions(), config.mempoolMaxBytes());
        this.relay = new InventoryRelay(config.knownInventoryPerPeer(), graph::headersAnnouncement, graph.dialect());
        this.server = new InventoryServer<>(graph, mempool, relay);
        this.intake = new BlockIntake<>(graph, orphans);
        this.requests = new DataRequests(new RequestTracker(config.maxOutstandingRequests(), config.maxRequestAttempts()),
                scheduler, this::syncPeer, this::connectedPeers, graph.dialect(), relay::knows);
        this.tracker = new SyncPeerTracker(graph, scheduler, new SyncPeerSelector(random), this::connectedPeers,
                p -> extension.maySyncFrom(p), config.stallTimeoutMillis());
        this.ticker = new PeriodicCheck(scheduler, config.stallCheckIntervalMillis(), this::onTick,
                () -> !peers.isEmpty());
    }

    // ---- peer lifecycle ----------------------------------------------------------------------------

    /** A peer completed its handshake. */
    public void onPeerReady(SyncPeer peer) {
        scheduler.checkEngineThread();
        peers.put(peer.id(), peer);
        ticker.start();
        tracker.onPeerReady();
    }

    /** A handshaked peer disconnected (or was dropped here). Idempotent. */
    public void onPeerGone(SyncPeer peer) {
        scheduler.checkEngineThread();
        if (peers.remove(peer.id()) == null) {
            return;
        }
        relay.onPeerGone(peer);
        server.onPeerGone(peer);
        askedBefore.remove(peer.id());
        requests.onPeerGone(peer);
        tracker.onPeerGone(peer);
    }

    /** The peer's send queue drained: serving resumes. */
    public void onWritable(SyncPeer peer) {
        scheduler.checkEngineThread();
        server.onWritable(peer);
    }

    // ---- announcements -----------------------------------------------------------------------------

    /** An {@code inv}: unknown blocks and transactions are asked for. */
    public void onInv(SyncPeer peer, List<InventoryItem> items) {
        scheduler.checkEngineThread();
        List<Hash> blocks = new ArrayList<>();
        List<Hash> txs = new ArrayList<>();
        for (InventoryItem item : items) {
            if (item.isBlock()) {
                blocks.add(item.hash());
            } else if (item.isTransaction()) {
                txs.add(item.hash());
            }
        }
        if (!blocks.isEmpty()) {
            onBlockAnnouncement(peer, blocks);
        }
        if (!txs.isEmpty() && !inSyncMode()) {
            txs.forEach(h -> relay.markKnown(peer, h));
            requests.requestTransactions(peer, txs.stream().filter(h -> !mempool.knows(h)).toList());
        }
    }

    /** Blocks announced by {@code inv} or (BIP 130) {@code headers}, parents first. */
    public void onBlockAnnouncement(SyncPeer peer, List<Hash> hashes) {
        scheduler.checkEngineThread();
        boolean syncing = inSyncMode(); // the heights learnt below are of our blocks: they cannot change it
        if (syncing && !tracker.isSyncPeer(peer)) {
            log.trace("sync mode: dropped {} block announcements from {}", hashes.size(), peer.label());
            return;
        }
        if (hashes.size() == 1 && hashes.get(0).equals(Hash.ZERO)) {
            peer.send(graph.requestFromTips(Hash.ZERO)); // soterd's continue: ask me for more
            return;
        }
        List<Hash> wanted = new ArrayList<>();
        for (Hash h : hashes) {
            relay.markKnown(peer, h);
            OptionalInt height = graph.heightOf(h);
            if (height.isPresent()) {
                peer.updateBestKnownHeight(height.getAsInt());
            } else if (orphans.contains(h)) {
                // btcd: an orphan announced again; ask for what lies between our tips and its root.
                if (!extension.fetchesAncestors(peer, h)) {
                    orphans.orphanRoot(h).ifPresent(root -> askForBlocksBefore(peer, root));
                }
            } else if (!requests.isRequested(h)) {
                wanted.add(h);
            }
        }
        Hash last = hashes.get(hashes.size() - 1);
        if (wanted.isEmpty() && syncing && tracker.isSyncPeer(peer) && graph.contains(last)) {
            // btcd: the last announced block is ours already (a continue announcement): ask for what follows.
            peer.send(graph.requestBetween(last, Hash.ZERO));
        }
        requests.requestBlocks(peer, wanted);
    }

    // ---- data --------------------------------------------------------------------------------------

    /** A {@code block}. */
    public void onBlock(SyncPeer peer, B block) {
        scheduler.checkEngineThread();
        Hash hash = graph.hashOf(block);
        boolean requested = requests.complete(hash);
        relay.markKnown(peer, hash);
        if (graph.contains(hash) || orphans.contains(hash)) {
            return;
        }
        if (!requested && !config.allowUnrequestedBlocks()) {
            peer.misbehave(UNREQUESTED_BLOCK_PENALTY, "sent block " + hash + " that was not requested");
            return;
        }
        tracker.onBlockFrom(peer);
        BlockIntake.Outcome<B> outcome = intake.process(block, scheduler.nowMillis());
        Acceptance verdict = outcome.verdict();
        if (verdict instanceof Acceptance.Invalid invalid) {
            peer.misbehave(invalid.penalty(), invalid.reason());
        } else if (verdict instanceof Acceptance.Orphan) {
            if (!requested) {
                peer.misbehave(UNREQUESTED_ORPHAN_PENALTY, "sent block " + hash + ", which nobody asked for and whose"
                        + " parents are unknown" + (orphans.contains(hash) ? "" : " (too large to keep: "
                        + graph.sizeOf(block) + " bytes)"));
            }
            if (!extension.fetchesAncestors(peer, hash)) {
                requestMissingParents(peer, hash);
            }
        } else if (verdict instanceof Acceptance.Connected c) {
            peer.updateBestKnownHeight(c.height());
            peer.noteNovelBlock();
        }
        for (BlockIntake.Gap g : outcome.gaps()) {
            if (!extension.fetchesAncestors(peer, g.stop())) {
                peer.send(graph.requestBetween(g.from(), g.stop()));
            }
        }
        connected(outcome.connected(), false);
        tracker.afterBlock();
    }

    /**
     * An orphan arrived: ask its sender for the missing ancestors that nobody is asked for yet, and for the
     * blocks between our tips and its root (btcd's {@code GetOrphanRoot} + {@code getblocks}).
     */
    private void requestMissingParents(SyncPeer peer, Hash orphan) {
        Set<Hash> missing = new LinkedHashSet<>();
        for (Hash h : orphans.missingAncestors(orphan)) {
            if (!graph.contains(h) && !requests.isRequested(h)) {
                missing.add(h);
            }
        }
        if (missing.isEmpty()) {
            return; // already on their way
        }
        requests.requestBlocks(peer, missing);
        orphans.orphanRoot(orphan).ifPresent(root -> askForBlocksBefore(peer, root));
    }

    /**
     * Sends {@code getblocks} from our tips up to an orphan root, unless the same was asked of this peer at our
     * current height already (its answer is on the way).
     */
    private void askForBlocksBefore(SyncPeer peer, Hash root) {
        AskedRoot key = new AskedRoot(root, graph.height());
        if (key.equals(askedBefore.put(peer.id(), key))) {
            return;
        }
        peer.send(graph.requestFromTips(root));
    }

    /** An orphan root asked for by {@code getblocks}, and our height then. */
    private record AskedRoot(Hash root, int height) {
    }

    private void connected(List<BlockIntake.Connected<B>> blocks, boolean local) {
        if (blocks.isEmpty()) {
            return;
        }
        List<Hash> hashes = new ArrayList<>(blocks.size());
        for (BlockIntake.Connected<B> c : blocks) {
            hashes.add(c.acceptance().hash());
            mempool.removeConfirmed(graph.transactionIds(c.block()));
        }
        Acceptance.Connected last = blocks.get(blocks.size() - 1).acceptance();
        log.debug("connected {} blocks, last {} at height {}", blocks.size(), last.hash(), last.height());
        if (local || !inSyncMode()) {
            relay.announceBlocks(connectedPeers(), hashes);
        } else {
            // Syncing: peers at or above these blocks' height have them (btcd relays nothing while syncing), but
            // peers below it are told, so that a line of nodes behind a fast miner relays hop by hop instead of
            // each hop waiting to be current.
            relay.announceBlocks(connectedPeers().stream().filter(p -> p.bestKnownHeight() < last.height()).toList(),
                    hashes);
        }
        extension.onConnected(hashes);
    }

    public void onTransaction(SyncPeer peer, Transaction tx) {
        scheduler.checkEngineThread();
        Hash txid = tx.txid();
        requests.complete(txid);
        relay.markKnown(peer, txid);
        Verdict<BlockRejectReason> verdict = BlockValidator.checkTransaction(tx);
        if (verdict.isRejected()) {
            peer.misbehave(verdict.penalty(), "sent transaction " + txid + " that breaks a rule: " + verdict);
            return;
        }
        if (mempool.add(tx)) {
            peer.noteNovelTransaction();
            relay.announceTransaction(connectedPeers(), txid);
        }
    }

    public void onNotFound(SyncPeer peer, List<InventoryItem> items) {
        scheduler.checkEngineThread();
        requests.onNotFound(peer, items);
    }

    // ---- for an extension ----------------------------------------------------------------------------

    /**
     * Installs the extension (once, while the node is built, before any peer: on the building thread, like the
     * constructor): see {@link InventoryExtension}.
     */
    void attach(InventoryExtension e) {
        if (extension != InventoryExtension.NONE) {
            throw new IllegalStateException("an extension is attached already");
        }
        extension = e;
    }

    /** Asks {@code peer} for the blocks not in flight already (each is asked of one peer at a time). */
    void requestBlocks(SyncPeer peer, Collection<Hash> hashes) {
        scheduler.checkEngineThread();
        requests.requestBlocks(peer, hashes);
    }

    /** Whether a {@code getdata} for {@code hash} is in flight. */
    boolean isRequested(Hash hash) {
        return requests.isRequested(hash);
    }

    // ---- serving -----------------------------------------------------------------------------------

    public void onGetBlocks(SyncPeer peer, Q request) {
        scheduler.checkEngineThread();
        server.onGetBlocks(peer, request);
    }

    public void onGetData(SyncPeer peer, List<InventoryItem> items) {
        scheduler.checkEngineThread();
        server.onGetData(peer, items);
    }

    // ---- local entry points ------------------------------------------------------------------------

    /**
     * A block made here (mined): connected, then announced to every peer, whatever the sync mode.
     *
     * @return the graph's verdict; an orphan is kept in the pool like one from a peer
     */
    public Acceptance submitBlock(B block) {
        scheduler.checkEngineThread();
        BlockIntake.Outcome<B> outcome = intake.process(block, scheduler.nowMillis());
        connected(outcome.connected(), true);
        return outcome.verdict();
    }

    /**
     * A transaction made here: into the memory pool and announced. Returns false when it breaks a context-free
     * rule (Core's {@code CheckTransaction}) or the pool refused it.
     */
    public boolean submitTransaction(Transaction tx) {
        scheduler.checkEngineThread();
        if (BlockValidator.checkTransaction(tx).isRejected() || !mempool.add(tx)) {
            return false;
        }
        relay.announceTransaction(connectedPeers(), tx.txid());
        return true;
    }

    // ---- timer -------------------------------------------------------------------------------------

    /** Stops the periodic check (the node is stopping). */
    public void stop() {
        ticker.stop();
    }

    /** Every stall-check interval while there are peers: expired orphans, late requests, the sync peer. */
    private void onTick() {
        long now = scheduler.nowMillis();
        orphans.expire(now);
        requests.checkTimeouts(config.requestTimeoutMillis());
        tracker.check(now).ifPresent(this::onPeerGone); // a stalled sync peer, disconnected: forget it
        askAgainForOrphansParents();
    }

    /**
     * Orphans whose missing parents nobody is asked for any more (their requests gave up, or went to peers that
     * left) would wait until they expire: each tick, their parents are asked of one connected peer in turn (at
     * most {@link #MAX_PARENTS_ASKED_PER_TICK}), with a {@code getblocks} up to their root, so the gap closes even
     * when nothing announces those blocks again.
     */
    private void askAgainForOrphansParents() {
        List<SyncPeer> connected = new ArrayList<>(connectedPeers());
        if (connected.isEmpty() || orphans.size() == 0) {
            return;
        }
        List<Hash> wanted = orphans.rootParents().stream()
                .filter(h -> !graph.contains(h) && !requests.isRequested(h))
                .limit(MAX_PARENTS_ASKED_PER_TICK).toList();
        if (wanted.isEmpty()) {
            return;
        }
        SyncPeer peer = connected.get(Math.floorMod(ticks++, connected.size()));
        askedBefore.remove(peer.id());
        requests.requestBlocks(peer, wanted);
        for (Hash parent : wanted) {
            for (Hash waiting : orphans.waitingOn(parent)) {
                orphans.orphanRoot(waiting).ifPresent(root -> askForBlocksBefore(peer, root));
            }
        }
    }

    // ---- state -------------------------------------------------------------------------------------

    /** Whether our height is at least every connected peer's best known height. */
    public boolean isCurrent() {
        return tracker.isCurrent();
    }

    /** Sync mode: a sync peer is chosen and some peer is higher than us. */
    public boolean inSyncMode() {
        return tracker.inSyncMode();
    }

    public Optional<SyncPeer> syncPeer() {
        return tracker.syncPeer();
    }

    public Collection<SyncPeer> connectedPeers() {
        return peers.values().stream().filter(SyncPeer::isConnected).toList();
    }

    public BlockGraph<B, Q> graph() {
        return graph;
    }

    public OrphanPool<B> orphans() {
        return orphans;
    }

    public TransactionPool mempool() {
        return mempool;
    }

    public RequestTracker requests() {
        return requests.tracker();
    }

    public InventoryRelay relay() {
        return relay;
    }
}
