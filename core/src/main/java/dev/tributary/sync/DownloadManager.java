package dev.tributary.sync;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockValidator;
import dev.tributary.chain.BlockVerdict;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.wire.Block;
import dev.tributary.wire.GetDataMessage;
import dev.tributary.wire.InventoryItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads block bodies from all block-serving peers in parallel (SPEC section 1, step 6).
 *
 * <ul>
 *   <li>The blocks of a download are cut into batches of {@code batchSize}, queued lowest first.</li>
 *   <li>Each idle peer gets one batch at a time, as one {@code getdata}; a batch is handed out only when
 *       it lies within {@code windowSize} blocks of the last connected block (the block tip), so bodies
 *       never pile up far ahead of what can be connected.</li>
 *   <li>A block that arrived is never asked again; bodies are stored as they arrive and the block tip
 *       advances over them in order.</li>
 *   <li>A peer that disconnects, answers {@code notfound}, or is dropped gives its undelivered blocks back
 *       to the queue, which stays in height order: they are the lowest missing, so normally its head.</li>
 *   <li>Stalls, Bitcoin Core's rule: when an idle peer could take work but every queued batch lies beyond
 *       the window, the peer holding the window's first block is stalling; it is dropped after the stall
 *       timeout (2 s, doubling per stall up to 64 s, easing back by 15% per block connected).</li>
 *   <li>A peer with a batch in flight that delivers nothing within {@code blockProgressTimeout} is dropped;
 *       a download no peer advances within {@code noPeerTimeout} fails.</li>
 * </ul>
 *
 * Engine thread only. One download at a time: the sync coordinator runs one pass at a time.
 */
public final class DownloadManager {
    private static final Logger log = LoggerFactory.getLogger(DownloadManager.class);
    private static final long TICK_MILLIS = 250;

    private final ChainState chain;
    private final Scheduler scheduler;
    private final SyncConfig config;
    private final SyncListener listener;
    private final Map<Long, PeerSlot> peers = new LinkedHashMap<>();
    private Download current;
    private long stallTimeoutMillis;

    public DownloadManager(ChainState chain, Scheduler scheduler, SyncConfig config, SyncListener listener) {
        this.chain = chain;
        this.scheduler = scheduler;
        this.config = config;
        this.listener = listener;
        this.stallTimeoutMillis = config.stallTimeoutMillis();
    }

    /** A run of consecutive main-chain blocks requested together. */
    private record Batch(List<HeaderSyncData> blocks) {
        int lastHeight() {
            return blocks.get(blocks.size() - 1).height();
        }
    }

    private static final class PeerSlot {
        final SyncPeer peer;
        /** Undelivered blocks of the batch in flight, by hash; empty when idle. */
        final Map<Hash, HeaderSyncData> inFlight = new LinkedHashMap<>();
        long lastProgressAt;
        long stallingSince = -1;
        /**
         * Lowered when the peer answers notfound: it is not asked for blocks above this height again, until it
         * announces a higher block.
         */
        int maxServableHeight = Integer.MAX_VALUE;
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
        final Deque<Batch> queue = new ArrayDeque<>();
        final Map<Hash, HeaderSyncData> wanted = new HashMap<>();
        final int total;
        /** The peer whose headers named these blocks, or -1: it may be asked above its best known height. */
        final long headersSource;
        long lastProgressAt;
        Cancellable ticker = Cancellable.NONE;

        Download(List<HeaderSyncData> blocks, long headersSource) {
            this.headersSource = headersSource;
            total = blocks.size();
            for (int i = 0; i < blocks.size(); i += config.batchSize()) {
                queue.add(new Batch(List.copyOf(blocks.subList(i, Math.min(blocks.size(), i + config.batchSize())))));
            }
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
        if (slot != null && !slot.idle()) {
            requeue(slot);
            assignWork();
        }
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
        BlockVerdict verdict = BlockValidator.validate(block, chain.params());
        if (verdict.isRejected()) {
            if (slot != null && slot.inFlight.remove(hash) != null) {
                giveBack(d, List.of(entry));
            }
            peer.misbehave(verdict.penalty(), "invalid block " + hash + " at height " + entry.height() + ": " + verdict.message());
            assignWork();
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
        removeFromQueue(d, hash);
        if (slot != null) {
            slot.lastProgressAt = scheduler.nowMillis();
            slot.delivered++;
        }
        int connected = chain.blockTip().height() - tipBefore;
        if (connected > 0) {
            peers.values().forEach(s -> s.stallingSince = -1);
            // Core eases the stall timeout back on every block connected (BlockConnected), not once per arrival:
            // one body that fills a gap may connect many.
            for (int i = 0; i < connected && stallTimeoutMillis > config.stallTimeoutMillis(); i++) {
                stallTimeoutMillis = Math.max(config.stallTimeoutMillis(), (long) (stallTimeoutMillis * 0.85));
            }
        }
        listener.onBlockStored(peer, entry, bytes.length);
        if (d.wanted.isEmpty()) {
            finish(d, null);
        } else {
            assignWork();
        }
        return true;
    }

    private static void removeFromQueue(Download d, Hash hash) {
        for (Iterator<Batch> it = d.queue.iterator(); it.hasNext();) {
            Batch b = it.next();
            if (b.blocks().stream().anyMatch(e -> e.hash().equals(hash))) {
                List<HeaderSyncData> rest = b.blocks().stream().filter(e -> !e.hash().equals(hash)).toList();
                if (rest.isEmpty()) {
                    it.remove();
                } else {
                    // Replace in place: rebuild the deque around the shrunk batch.
                    List<Batch> all = new ArrayList<>(d.queue);
                    all.set(all.indexOf(b), new Batch(rest));
                    d.queue.clear();
                    d.queue.addAll(all);
                }
                return;
            }
        }
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
            giveBack(current, missing);
            if (!slot.idle()) {
                requeue(slot);
            }
            assignWork();
        }
    }

    private void requeue(PeerSlot slot) {
        if (current != null && !slot.inFlight.isEmpty()) {
            giveBack(current, new ArrayList<>(slot.inFlight.values()));
        }
        slot.inFlight.clear();
        slot.stallingSince = -1;
    }

    /**
     * Puts undelivered blocks back as one batch where their height belongs: the queue stays ordered by height,
     * which the window check relies on, and given-back blocks, the lowest missing, come first.
     */
    private static void giveBack(Download d, List<HeaderSyncData> blocks) {
        List<HeaderSyncData> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingInt(HeaderSyncData::height));
        Batch back = new Batch(List.copyOf(sorted));
        int first = sorted.get(0).height();
        List<Batch> all = new ArrayList<>(d.queue);
        int at = 0;
        while (at < all.size() && all.get(at).blocks().get(0).height() < first) {
            at++;
        }
        all.add(at, back);
        d.queue.clear();
        d.queue.addAll(all);
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
            Optional<Batch> batch = takeBatchFor(d, slot, windowEnd);
            if (batch.isEmpty()) {
                continue;
            }
            List<InventoryItem> items = new ArrayList<>(batch.get().blocks().size());
            for (HeaderSyncData e : batch.get().blocks()) {
                slot.inFlight.put(e.hash(), e);
                items.add(slot.peer.servesWitness() ? InventoryItem.witnessBlock(e.hash()) : InventoryItem.block(e.hash()));
            }
            slot.lastProgressAt = scheduler.nowMillis();
            slot.peer.send(new GetDataMessage(items));
        }
        listener.onDownloadProgress(progress());
    }

    private Optional<Batch> takeBatchFor(Download d, PeerSlot slot, int windowEnd) {
        for (Iterator<Batch> it = d.queue.iterator(); it.hasNext();) {
            Batch b = it.next();
            if (b.blocks().get(0).height() > windowEnd) {
                return Optional.empty();
            }
            if (canServe(d, slot, b)) {
                it.remove();
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    private static boolean canServe(Download d, PeerSlot slot, Batch b) {
        int known = slot.peer.bestKnownHeight();
        return b.lastHeight() <= slot.maxServableHeight
                && (known < 0 || known >= b.lastHeight() || slot.peer.id() == d.headersSource);
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
        boolean windowFull = !d.queue.isEmpty() && d.queue.stream().noneMatch(b -> b.blocks().get(0).height() <= windowEnd);
        if (!idlePeerWaiting || !windowFull) {
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
            if (slot.stallingSince < 0) {
                slot.stallingSince = now;
                log.debug("{} holds up the download window at height {}", slot.peer.label(), first.get().height());
            } else if (now - slot.stallingSince > stallTimeoutMillis) {
                long waited = now - slot.stallingSince;
                stallTimeoutMillis = Math.min(config.maxStallTimeoutMillis(), stallTimeoutMillis * 2);
                drop(slot, "stalling the block download at height " + first.get().height() + " for " + waited + " ms");
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
        for (PeerSlot s : peers.values()) {
            s.inFlight.clear();
            s.stallingSince = -1;
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

    /** Blocks each peer delivered since it joined, by label: the demo's "blocks fetched per peer". */
    public Map<String, Long> deliveredPerPeer() {
        Map<String, Long> m = new LinkedHashMap<>();
        peers.values().forEach(s -> m.put(s.peer.label(), s.delivered));
        return m;
    }
}
