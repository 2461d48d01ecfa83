package dev.tributary.sync.headers;

import dev.tributary.chain.BlockRejectReason;
import dev.tributary.validation.Verdict;
import dev.tributary.sync.DownloadProgress;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockValidator;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.chain.Block;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.InventoryItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads block bodies from all block-serving peers in parallel (SPEC section 1, step 6).
 *
 * <ul>
 *   <li>The blocks of a download wait in a {@link DownloadQueue}: batches of {@code batchSize}, in height
 *       order.</li>
 *   <li>Each idle peer gets one batch at a time, as one {@code getdata}: the first batch it can serve that
 *       lies within {@code windowSize} blocks of the last connected block (the block tip), so bodies never
 *       pile up far ahead of what can be connected. A peer can serve a batch up to its best known height,
 *       or any the peer that sent their headers names, but not above a block it answered {@code notfound}
 *       for, until it announces a higher one or a retry delay passes ({@link #NOT_FOUND_RETRY_MILLIS}, doubling
 *       while the peer keeps answering {@code notfound}). The delay is for peers that serve headers before they
 *       have the blocks (Tributary nodes do, as they download) and, having received our headers, take us for
 *       having the blocks too, so they never announce them to us.</li>
 *   <li>A block that arrived is never asked again; bodies are stored as they arrive and the block tip
 *       advances over them in order.</li>
 *   <li>A peer that disconnects, answers {@code notfound}, or is dropped gives its undelivered blocks back
 *       to the queue, in height order: they are the lowest missing, so normally its head.</li>
 *   <li>Stalls, Bitcoin Core's rule, kept by the {@link StallDetector}: when an idle peer could take work
 *       but every queued batch lies beyond the window, the peer holding the window's first block is
 *       dropped after the adaptive stall timeout.</li>
 *   <li>A peer with a batch in flight that delivers nothing within {@code blockProgressTimeout} is dropped;
 *       a download no peer advances within {@code noPeerTimeout} fails.</li>
 * </ul>
 *
 * Engine thread only. One download at a time: the sync coordinator runs one pass at a time.
 */
public final class DownloadManager {
    private static final Logger log = LoggerFactory.getLogger(DownloadManager.class);
    private static final long TICK_MILLIS = 250;
    /** After a {@code notfound}, the peer is asked again for blocks it may have after this long at first. */
    static final long NOT_FOUND_RETRY_MILLIS = 2_000;
    /** The longest retry delay, reached by doubling while a peer keeps answering {@code notfound}. */
    static final long MAX_NOT_FOUND_RETRY_MILLIS = 32_000;

    private final ChainState chain;
    private final Scheduler scheduler;
    private final SyncConfig config;
    private final SyncListener listener;
    private final Map<Long, PeerSlot> peers = new LinkedHashMap<>();
    private final StallDetector stalls;
    private final List<Runnable> unservedListeners = new ArrayList<>();
    private Download current;

    public DownloadManager(ChainState chain, Scheduler scheduler, SyncConfig config, SyncListener listener) {
        this.chain = chain;
        this.scheduler = scheduler;
        this.config = config;
        this.listener = listener;
        this.stalls = new StallDetector(config.stallTimeoutMillis(), config.maxStallTimeoutMillis());
    }

    private static final class PeerSlot {
        final SyncPeer peer;
        /** Undelivered blocks of the batch in flight, by hash; empty when idle. */
        final Map<Hash, HeaderSyncData> inFlight = new LinkedHashMap<>();
        long lastProgressAt;
        /**
         * Lowered when the peer answers notfound: it is not asked for blocks above this height again, until it
         * announces a higher block.
         */
        int maxServableHeight = Integer.MAX_VALUE;
        /** When the exclusion above ends if no announcement lifts it first; its delay doubles per notfound. */
        long notFoundRetryAt;
        long notFoundRetryMillis = NOT_FOUND_RETRY_MILLIS / 2;
        long delivered;

        PeerSlot(SyncPeer peer) {
            this.peer = peer;
        }

        boolean idle() {
            return inFlight.isEmpty();
        }
    }

    private final class Download {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final DownloadQueue queue;
        final Map<Hash, HeaderSyncData> wanted = new HashMap<>();
        final int total;
        /** The peer whose headers named these blocks, or -1: it may be asked above its best known height. */
        final long headersSource;
        long lastProgressAt;
        Cancellable ticker = Cancellable.NONE;

        Download(List<HeaderSyncData> blocks, long headersSource) {
            this.headersSource = headersSource;
            total = blocks.size();
            queue = new DownloadQueue(blocks, config.batchSize());
            blocks.forEach(b -> wanted.put(b.hash(), b));
            lastProgressAt = scheduler.nowMillis();
        }
    }

    /**
     * Downloads and stores the bodies of {@code blocks} (consecutive main-chain blocks, lowest first).
     * Completes when all are stored; fails if another download is running or no peer delivers.
     */
    public CompletableFuture<Void> download(List<HeaderSyncData> blocks) {
        return download(blocks, null);
    }

    /**
     * As {@link #download(List)}, where {@code headersSource} (may be null) is the peer that just sent the
     * headers of these blocks. A peer that sent a header has the block, as Bitcoin Core assumes
     * ({@code UpdateBlockAvailability}): it may be asked for any of them even when its best known height,
     * from its version message, is lower; a block it lacks it answers with {@code notfound}, and is then not
     * asked for it again. Without this, a block a peer announced after the handshake could be fetched from
     * no one, and the download would wait for its no-peer timeout.
     */
    public CompletableFuture<Void> download(List<HeaderSyncData> blocks, SyncPeer headersSource) {
        scheduler.checkEngineThread();
        if (current != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("a block download is already running"));
        }
        List<HeaderSyncData> todo = new ArrayList<>();
        for (HeaderSyncData b : blocks) {
            if (!chain.hasBody(b.hash())) {
                todo.add(b);
            }
        }
        if (todo.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        todo.sort(Comparator.comparingInt(HeaderSyncData::height));
        Download d = new Download(todo, headersSource == null ? -1 : headersSource.id());
        current = d;
        d.ticker = scheduleTick(d);
        assignWork();
        return d.done;
    }

    private Cancellable scheduleTick(Download d) {
        return scheduler.schedule(() -> {
            if (current == d) {
                tick();
                if (current == d) {
                    d.ticker = scheduleTick(d);
                }
            }
        }, TICK_MILLIS);
    }

    /** A handshaked peer joins: it takes part in the running download if it serves blocks. */
    public void addPeer(SyncPeer peer) {
        scheduler.checkEngineThread();
        if (peer.servesBlocks() && !peers.containsKey(peer.id())) {
            peers.put(peer.id(), new PeerSlot(peer));
            assignWork();
        }
    }

    /**
     * A peer announced (by {@code inv}, {@code headers} or an unrequested {@code block}) that it has the
     * main-chain block at {@code height}: its known height rises, an earlier {@code notfound} no longer
     * excludes it up to there, and if it is idle it may take work at once.
     */
    public void onBlockAnnounced(SyncPeer peer, int height) {
        scheduler.checkEngineThread();
        peer.updateBestKnownHeight(height);
        PeerSlot slot = peers.get(peer.id());
        if (slot == null) {
            return;
        }
        slot.maxServableHeight = Math.max(slot.maxServableHeight, height);
        if (slot.idle()) {
            assignWork();
        }
    }

    /** A peer is gone: its undelivered blocks go back to the queue, in height order (normally its head). */
    public void removePeer(SyncPeer peer) {
        scheduler.checkEngineThread();
        PeerSlot slot = peers.remove(peer.id());
        stalls.clear(peer.id());
        if (slot != null && !slot.idle()) {
            requeue(slot);
            assignWork();
        }
        tellIfUnserved();
    }

    /**
     * Handles a {@code block} message. Returns false when the block is not part of the running download
     * (unrequested, or already stored), leaving it to other handlers.
     */
    public boolean onBlock(SyncPeer peer, Block block) {
        scheduler.checkEngineThread();
        Download d = current;
        Hash hash = block.hash();
        HeaderSyncData entry = d == null ? null : d.wanted.get(hash);
        if (entry == null) {
            return false;
        }
        PeerSlot slot = peers.get(peer.id());
        Verdict<BlockRejectReason> verdict = BlockValidator.validate(block, chain.params());
        if (verdict.isRejected()) {
            String what = "invalid block " + hash + " at height " + entry.height() + ": " + verdict;
            peer.misbehave(verdict.penalty(), what);
            if (verdict.reason().orElseThrow().isMutation()) {
                // Transactions that do not match the header may have been altered in transit: the block itself
                // may be fine, so another peer is asked for it (Core's BLOCK_MUTATED).
                if (slot != null && slot.inFlight.remove(hash) != null) {
                    d.queue.giveBack(List.of(entry));
                }
                assignWork();
            } else {
                // The body matches its header and breaks a rule: the block is invalid whoever sends it. The chain
                // falls back to the best valid one and this download ends; the next pass fetches what that needs.
                chain.invalidate(entry);
                finish(d, new IllegalStateException(what));
            }
            return true;
        }
        byte[] bytes = block.serialize();
        int tipBefore = chain.blockTip().height();
        chain.storeBody(entry, bytes);
        d.wanted.remove(hash);
        d.lastProgressAt = scheduler.nowMillis();
        for (PeerSlot s : peers.values()) {
            s.inFlight.remove(hash);
        }
        // A block that was requeued (its first holder stalled) may still sit in the queue; never ask it again.
        d.queue.remove(hash);
        if (slot != null) {
            slot.lastProgressAt = scheduler.nowMillis();
            slot.delivered++;
            slot.notFoundRetryMillis = NOT_FOUND_RETRY_MILLIS / 2;
        }
        int connected = chain.blockTip().height() - tipBefore;
        if (connected > 0) {
            stalls.blocksConnected(connected);
        }
        listener.onBlockStored(peer, entry, bytes.length);
        if (d.wanted.isEmpty()) {
            finish(d, null);
        } else {
            assignWork();
        }
        return true;
    }

    /** Handles {@code notfound}: the peer lacks those blocks; they go to other peers. */
    public void onNotFound(SyncPeer peer, List<InventoryItem> items) {
        scheduler.checkEngineThread();
        PeerSlot slot = peers.get(peer.id());
        if (slot == null || current == null) {
            return;
        }
        List<HeaderSyncData> missing = new ArrayList<>();
        for (InventoryItem item : items) {
            HeaderSyncData e = item.isBlock() ? slot.inFlight.remove(item.hash()) : null;
            if (e != null) {
                missing.add(e);
                slot.maxServableHeight = Math.min(slot.maxServableHeight, e.height() - 1);
            }
        }
        if (!missing.isEmpty()) {
            log.debug("{} does not have {} blocks from height {}", peer.label(), missing.size(), missing.get(0).height());
            slot.notFoundRetryMillis = Math.min(MAX_NOT_FOUND_RETRY_MILLIS, 2 * slot.notFoundRetryMillis);
            slot.notFoundRetryAt = scheduler.nowMillis() + slot.notFoundRetryMillis;
            current.queue.giveBack(missing);
            if (!slot.idle()) {
                requeue(slot);
            }
            assignWork();
            tellIfUnserved();
        }
    }

    /**
     * Runs {@code listener} on the engine thread each time a running download comes to wait for a block that no
     * peer serves ({@link #unservedBlock()}): after a {@code notfound}, or when the last peer that might have
     * served it goes.
     */
    public void addUnservedListener(Runnable listener) {
        scheduler.checkEngineThread();
        unservedListeners.add(listener);
    }

    /**
     * The block a running download waits for and no peer serves, in a person's words: nothing is in flight, at
     * least one peer takes part, and every one answered {@code notfound} for that block or one below it. Such a
     * peer is asked again once it announces a higher block ({@link #onBlockAnnounced}), which a running node
     * waits for (its peer may be catching up); a command that syncs from given peers can give up instead. Empty
     * when no download runs or some peer may still deliver.
     */
    public Optional<String> unservedBlock() {
        scheduler.checkEngineThread();
        Download d = current;
        if (d == null || peers.isEmpty() || peers.values().stream().anyMatch(s -> !s.idle())) {
            return Optional.empty();
        }
        Optional<HeaderSyncData> next = d.queue.first();
        if (next.isEmpty() || peers.values().stream().anyMatch(s -> s.maxServableHeight >= next.get().height())) {
            return Optional.empty();
        }
        List<String> lacking = peers.values().stream().map(s -> s.peer.label()).toList();
        return Optional.of("no peer has block " + next.get().height() + " (" + next.get().hash() + "): "
                + String.join(", ", lacking) + (lacking.size() == 1 ? " answered" : " answered each")
                + " that it does not have it");
    }

    private void tellIfUnserved() {
        if (unservedBlock().isPresent()) {
            List.copyOf(unservedListeners).forEach(Runnable::run);
        }
    }

    private void requeue(PeerSlot slot) {
        if (current != null && !slot.inFlight.isEmpty()) {
            current.queue.giveBack(new ArrayList<>(slot.inFlight.values()));
        }
        slot.inFlight.clear();
        stalls.clear(slot.peer.id());
    }

    private void assignWork() {
        Download d = current;
        if (d == null) {
            return;
        }
        int windowEnd = chain.blockTip().height() + config.windowSize();
        for (PeerSlot slot : peers.values()) {
            if (!slot.idle() || !slot.peer.isConnected()) {
                continue;
            }
            Optional<List<HeaderSyncData>> batch = d.queue.takeFirstWithin(windowEnd, last -> canServe(d, slot, last));
            if (batch.isEmpty()) {
                continue;
            }
            List<InventoryItem> items = new ArrayList<>(batch.get().size());
            for (HeaderSyncData e : batch.get()) {
                slot.inFlight.put(e.hash(), e);
                items.add(slot.peer.servesWitness() ? InventoryItem.witnessBlock(e.hash()) : InventoryItem.block(e.hash()));
            }
            slot.lastProgressAt = scheduler.nowMillis();
            slot.peer.send(new GetDataMessage(items));
        }
        listener.onDownloadProgress(progress());
    }

    /** Whether the peer of {@code slot} may be asked for a batch ending at {@code lastHeight}. */
    private static boolean canServe(Download d, PeerSlot slot, int lastHeight) {
        int known = slot.peer.bestKnownHeight();
        return lastHeight <= slot.maxServableHeight
                && (known < 0 || known >= lastHeight || slot.peer.id() == d.headersSource);
    }

    /** Periodic checks: progress timeouts, Core's stall rule, a download nobody advances. */
    void tick() {
        Download d = current;
        if (d == null) {
            return;
        }
        long now = scheduler.nowMillis();
        for (PeerSlot slot : List.copyOf(peers.values())) {
            if (!slot.idle() && now - slot.lastProgressAt > config.blockProgressTimeoutMillis()) {
                drop(slot, "delivered no block of its batch for " + (now - slot.lastProgressAt) / 1000 + " s");
            }
        }
        checkStall(d, now);
        for (PeerSlot slot : peers.values()) {
            if (slot.maxServableHeight != Integer.MAX_VALUE && now >= slot.notFoundRetryAt) {
                slot.maxServableHeight = Integer.MAX_VALUE; // it may have the blocks by now: ask again
            }
        }
        // Announcements raise what peers can serve; catch any change not signalled by onBlockAnnounced.
        assignWork();
        if (current == d && now - d.lastProgressAt > config.noPeerTimeoutMillis()) {
            finish(d, new IllegalStateException("no peer delivered a block for " + config.noPeerTimeoutMillis() / 1000
                    + " s; " + d.wanted.size() + " of " + d.total + " blocks missing, " + peers.size() + " peers"));
        }
    }

    private void checkStall(Download d, long now) {
        int windowEnd = chain.blockTip().height() + config.windowSize();
        boolean idlePeerWaiting = peers.values().stream().anyMatch(s -> s.idle() && s.peer.isConnected());
        boolean windowFull = d.queue.allBeyond(windowEnd);
        if (!StallDetector.windowStalled(idlePeerWaiting, windowFull)) {
            return;
        }
        Optional<HeaderSyncData> first = chain.index().mainChainAt(chain.blockTip().height() + 1);
        if (first.isEmpty()) {
            return;
        }
        for (PeerSlot slot : List.copyOf(peers.values())) {
            if (!slot.inFlight.containsKey(first.get().hash())) {
                continue;
            }
            OptionalLong stalled = stalls.check(slot.peer, first.get().height(), now);
            if (stalled.isPresent()) {
                drop(slot, "stalling the block download at height " + first.get().height() + " for "
                        + stalled.getAsLong() + " ms");
            }
        }
    }

    private void drop(PeerSlot slot, String reason) {
        peers.remove(slot.peer.id());
        requeue(slot);
        slot.peer.disconnect(reason);
        assignWork();
    }

    private void finish(Download d, Throwable error) {
        d.ticker.cancel();
        current = null;
        stalls.clearAll();
        for (PeerSlot s : peers.values()) {
            s.inFlight.clear();
            s.maxServableHeight = Integer.MAX_VALUE;
        }
        listener.onDownloadProgress(new DownloadProgress(0, d.wanted.size(), d.total, Map.of()));
        if (error == null) {
            d.done.complete(null);
        } else {
            d.done.completeExceptionally(error);
        }
    }

    /** What is queued and in flight now. */
    public DownloadProgress progress() {
        Download d = current;
        if (d == null) {
            return new DownloadProgress(0, 0, 0, Map.of());
        }
        Map<String, Integer> inFlight = new LinkedHashMap<>();
        peers.values().forEach(s -> inFlight.put(s.peer.label(), s.inFlight.size()));
        return new DownloadProgress(d.queue.size(), d.wanted.size(), d.total, inFlight);
    }

    public boolean isDownloading() {
        return current != null;
    }

    /** Blocks each peer taking part delivered since it joined, by label. */
    public Map<String, Long> deliveredPerPeer() {
        Map<String, Long> m = new LinkedHashMap<>();
        peers.values().forEach(s -> m.put(s.peer.label(), s.delivered));
        return m;
    }
}
