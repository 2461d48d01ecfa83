package dev.tributary.sync.headers;

import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.Sync;
import dev.tributary.sync.SyncDataProvider;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.AttachResult;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderList;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.HeadersPresync;
import dev.tributary.chain.Difficulty;
import dev.tributary.engine.Scheduler;
import dev.tributary.engine.StageTimes;
import dev.tributary.chain.BlockHeader;
import dev.tributary.wire.WireLimits;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headers-first synchronization, one pass at a time (SPEC section 1):
 *
 * <ol>
 *   <li>build a block locator (from where the previous pass with this peer ended, else from the tip);</li>
 *   <li>ask the sync peer for the headers that follow it (at most 2,000);</li>
 *   <li>attach them: the first header's parent must be known; height and chain work follow;</li>
 *   <li>validate each in order, keep the valid prefix and penalize the peer for the rest;</li>
 *   <li>switch tips only to a chain with strictly more work (the {@link dev.tributary.chain.BlockIndex} rule);</li>
 *   <li>in a full node, download the bodies of the best chain from all peers;</li>
 *   <li>store everything, move the tips, report, and answer whether more may be available.</li>
 * </ol>
 *
 * A pass that received a full 2,000 headers continues from the last of them, as Bitcoin Core does; this
 * matters when the peer's chain is a side branch: continuing from our own tip would fetch the same
 * headers forever. That next request is sent as soon as the full batch arrives, before the batch is
 * validated and stored, so the round trip to the peer overlaps our work; the next pass with the same
 * peer picks up its answer. If the batch turns out invalid, the prefetched answer is dropped.
 *
 * <p><b>Low-work chains</b> (Core's anti-DoS headers sync): a batch that connects but whose chain's work,
 * counted to its last header, stays below {@link #antiDosThreshold()} is not stored. A short batch is simply
 * ignored (the peer's chain ends there); a full one starts a {@link HeadersPresync} with the peer: its chain is
 * presynced keeping only a commitment bit per period, then redownloaded once it reaches the minimum work, and
 * only then validated and stored. One presync per peer, each of bounded memory, dropped when the peer goes.
 *
 * <p>Engine thread only; the futures it composes are completed there.
 */
public final class HeadersFirstSync implements Sync {
    /** Headers a peer may send that do not connect to anything we know (Core penalizes those too). */
    static final int UNCONNECTING_HEADERS_PENALTY = 10;
    /** A presync logs its progress once per this many headers. */
    private static final int PRESYNC_LOG_EVERY = 100_000;
    private static final Logger log = LoggerFactory.getLogger(HeadersFirstSync.class);

    private final ChainState chain;
    private final HeaderChainAttacher attacher;
    private final Scheduler scheduler;
    private final SyncConfig config;
    private final SyncListener listener;
    /** A getheaders sent ahead: continuing after {@code after}, for the next pass with the same peer. */
    private record Prefetch(Hash after, CompletableFuture<List<BlockHeader>> headers) {
    }

    /** Per peer, the request sent when its last full batch arrived; at most one per connected peer. */
    private final Map<Long, Prefetch> prefetched = new HashMap<>();
    /** Per peer, its low-work headers sync in progress; at most one per connected peer. */
    private final Map<Long, HeadersPresync> presyncs = new HashMap<>();
    /** The most heap all presyncs held at once, for tests and the bench. */
    private long peakPresyncBytes;
    /** Per peer, why its last headers were not stored for want of chain work, until some of its headers are. */
    private final Map<Long, LowWorkRefusal> refusals = new HashMap<>();

    /**
     * A peer's chain that this node refused to store because its work stays below the anti-DoS threshold (the
     * minimum chain work): what the node cannot have from that peer, however long it waits.
     *
     * @param reason    in words, e.g. "the peer's chain ends at height 200 with chain work 0x192, below the
     *                  minimum 0x100000"
     * @param chainWork the work of the refused chain as far as the peer sent it
     */
    public record LowWorkRefusal(String reason, BigInteger chainWork) {
    }

    public HeadersFirstSync(ChainState chain, Scheduler scheduler, SyncConfig config, SyncListener listener) {
        this.chain = chain;
        this.attacher = new HeaderChainAttacher(chain.index());
        this.scheduler = scheduler;
        this.config = config;
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Boolean> synchronize(SyncDataProvider provider) {
        scheduler.checkEngineThread();
        Prefetch ahead = prefetched.remove(provider.syncPeer().id());
        HeadersPresync presync = presyncs.get(provider.syncPeer().id());
        CompletableFuture<List<BlockHeader>> headers;
        if (presync != null) {
            headers = ahead != null && ahead.after().equals(presync.locatorHead()) ? ahead.headers()
                    : provider.getHeaders(presync.locator(chain.index(), WireLimits.MAX_LOCATOR));
        } else {
            headers = ahead != null && chain.index().contains(ahead.after()) ? ahead.headers()
                    : provider.getHeaders(chain.index().locator());
        }
        return headers.thenCompose(h -> onHeaders(provider, h));
    }

    /** Asks for the headers after {@code last} (which the peer just sent) before validating the batch. */
    private void prefetchAfter(SyncDataProvider provider, Hash last) {
        List<Hash> locator = new ArrayList<>(WireLimits.MAX_LOCATOR);
        locator.add(last);
        for (Hash h : chain.index().locator()) {
            if (locator.size() == WireLimits.MAX_LOCATOR) {
                break;
            }
            locator.add(h);
        }
        prefetched.put(provider.syncPeer().id(), new Prefetch(last, provider.getHeaders(locator)));
    }

    /** Forgets what was sent ahead to a peer that disconnected, its presync and its refusal. */
    public void onPeerGone(SyncPeer peer) {
        prefetched.remove(peer.id());
        presyncs.remove(peer.id());
        refusals.remove(peer.id());
    }

    /**
     * Why the last headers {@code peer} sent were not stored for want of chain work (ignored, or their presync
     * ended below the minimum), or empty when its headers were stored since, or never refused.
     */
    public Optional<LowWorkRefusal> lowWorkRefusal(SyncPeer peer) {
        return Optional.ofNullable(refusals.get(peer.id()));
    }

    /**
     * Core's {@code GetAntiDoSWorkThreshold}: the minimum chain work (zero for a chain from a trusted start,
     * whose work before the start is not counted), or, when higher, the work of our active tip less 144 of its
     * blocks' work. The active tip is the block tip in a full node, the header tip in a headers-only one.
     */
    BigInteger antiDosThreshold() {
        BigInteger minimum = chain.index().start().height() > 0 ? BigInteger.ZERO
                : config.minimumChainWork(chain.params());
        HeaderSyncData active = config.downloadBlocks() ? chain.blockTip() : chain.mainTip();
        BigInteger nearTip = active.chainWork()
                .subtract(Difficulty.work(active.header().bits()).multiply(BigInteger.valueOf(144)).min(active.chainWork()));
        return nearTip.max(minimum);
    }

    /** The heap held by the presyncs in progress now. */
    public long presyncBytes() {
        return presyncs.values().stream().mapToLong(HeadersPresync::retainedBytes).sum();
    }

    /** The most heap the presyncs held at once since this node started. */
    public long peakPresyncBytes() {
        return peakPresyncBytes;
    }

    /** The presync in progress with {@code peer}, if any. */
    public Optional<HeadersPresync> presync(SyncPeer peer) {
        return Optional.ofNullable(presyncs.get(peer.id()));
    }

    /**
     * The chain work that {@code headers}, connecting to the index, lead to when it stays below the anti-DoS
     * threshold (the work of the first header's parent plus theirs), else empty. Headers whose last one is
     * indexed already are not low-work (their chain was accepted before), nor are any whose parent alone reaches
     * the threshold.
     */
    private Optional<BigInteger> lowWork(List<BlockHeader> headers, BigInteger threshold) {
        if (threshold.signum() == 0) {
            return Optional.empty();
        }
        Optional<HeaderSyncData> parent = chain.index().get(headers.get(0).prevHash());
        if (parent.isEmpty() || chain.index().contains(headers.get(headers.size() - 1).hash())) {
            return Optional.empty();
        }
        BigInteger work = parent.get().chainWork();
        if (work.compareTo(threshold) >= 0) {
            return Optional.empty();
        }
        HeaderList list = HeaderList.of(headers);
        long bits = -1;
        BigInteger one = BigInteger.ZERO;
        for (int i = 0; i < list.size(); i++) {
            if (list.bits(i) != bits) {
                bits = list.bits(i);
                one = Difficulty.work(bits);
            }
            work = work.add(one);
        }
        return work.compareTo(threshold) < 0 ? Optional.of(work) : Optional.empty();
    }

    private CompletableFuture<Boolean> onHeaders(SyncDataProvider provider, List<BlockHeader> headers) {
        SyncPeer peer = provider.syncPeer();
        HeadersPresync presync = presyncs.get(peer.id());
        if (presync != null) {
            return continuePresync(provider, presync, headers);
        }
        if (headers.isEmpty()) {
            listener.onHeadersReceived(peer, 0, 0, chain.mainTip());
            return downloadBodies(provider, false);
        }
        boolean full = headers.size() == WireLimits.MAX_HEADERS;
        BigInteger threshold = antiDosThreshold();
        Optional<BigInteger> lowWork = lowWork(headers, threshold);
        if (lowWork.isPresent()) {
            HeaderSyncData parent = chain.index().get(headers.get(0).prevHash()).orElseThrow();
            if (!full) {
                log.info("ignoring {} headers from {}: their chain's work stays below 0x{}", headers.size(), peer.label(),
                        threshold.toString(16));
                refusals.put(peer.id(), new LowWorkRefusal("the peer's chain ends at height "
                        + (parent.height() + headers.size()) + " with chain work 0x" + lowWork.get().toString(16)
                        + ", below the minimum 0x" + threshold.toString(16), lowWork.get()));
                listener.onHeadersReceived(peer, headers.size(), 0, chain.mainTip());
                return downloadBodies(provider, false);
            }
            log.info("pre-syncing headers from {} from height {}: their chain must reach chain work 0x{} before any is stored",
                    peer.label(), parent.height(), threshold.toString(16));
            presync = HeadersPresync.from(chain.index(), parent, threshold, scheduler.nowSeconds());
            presyncs.put(peer.id(), presync);
            return continuePresync(provider, presync, headers);
        }
        return attachBatch(provider, headers, full);
    }

    /** A batch for the peer's presync: checked and counted, or, in the redownload, released to be stored. */
    private CompletableFuture<Boolean> continuePresync(SyncDataProvider provider, HeadersPresync presync,
            List<BlockHeader> headers) {
        SyncPeer peer = provider.syncPeer();
        boolean full = headers.size() == WireLimits.MAX_HEADERS;
        long start = StageTimes.COUNTERS.start();
        HeadersPresync.Phase before = presync.phase();
        HeadersPresync.Step step = presync.process(headers, full);
        StageTimes.COUNTERS.record(StageTimes.Stage.VALIDATE, start, headers.size());
        peakPresyncBytes = Math.max(peakPresyncBytes, presyncBytes());
        if (presync.phase() == HeadersPresync.Phase.DONE) {
            presyncs.remove(peer.id());
        } else if (step.requestMore()) {
            List<Hash> locator = presync.locator(chain.index(), WireLimits.MAX_LOCATOR);
            prefetched.put(peer.id(), new Prefetch(presync.locatorHead(), provider.getHeaders(locator)));
        }
        if (before == HeadersPresync.Phase.PRESYNC && presync.phase() == HeadersPresync.Phase.REDOWNLOAD) {
            log.info("headers from {} reached chain work 0x{} at height {}: downloading them again to store them",
                    peer.label(), presync.minimumWork().toString(16), presync.height());
        } else if (before == HeadersPresync.Phase.PRESYNC && presync.height() / PRESYNC_LOG_EVERY
                != (presync.height() - headers.size()) / PRESYNC_LOG_EVERY) {
            log.info("pre-syncing headers from {}: height {}, chain work 0x{} of 0x{}", peer.label(), presync.height(),
                    presync.chainWork().toString(16), presync.minimumWork().toString(16));
        }
        step.failure().ifPresent(why -> {
            log.info("headers from {} not stored: {}", peer.label(), why);
            String reason = step.endsShortOfWork() ? why : "the peer's chain reached height "
                    + presync.height() + " with chain work 0x" + presync.chainWork().toString(16) + ", below the minimum 0x"
                    + presync.minimumWork().toString(16) + " (" + why + ")";
            refusals.put(peer.id(), new LowWorkRefusal(reason, presync.chainWork()));
        });
        boolean more = step.requestMore()
                || step.failure().isEmpty() && presync.phase() == HeadersPresync.Phase.DONE && full;
        if (step.released().isEmpty()) {
            listener.onHeadersReceived(peer, headers.size(), 0, chain.mainTip());
            return downloadBodies(provider, more);
        }
        Attached attached = attachAndStore(provider, step.released());
        if (attached != Attached.ALL) {
            presyncs.remove(peer.id());
            prefetched.remove(peer.id());
            return attached == Attached.PARENT_UNKNOWN ? CompletableFuture.completedFuture(false)
                    : downloadBodies(provider, false);
        }
        return downloadBodies(provider, more);
    }

    /** How a batch attached. */
    private enum Attached {
        ALL, REJECTED, PARENT_UNKNOWN
    }

    /** Attaches, validates and stores a batch (steps 3 to 7); {@code full}: whether to ask for more. */
    private CompletableFuture<Boolean> attachBatch(SyncDataProvider provider, List<BlockHeader> headers, boolean full) {
        if (full) {
            prefetchAfter(provider, headers.get(headers.size() - 1).hash());
        }
        Attached attached = attachAndStore(provider, headers);
        if (attached == Attached.PARENT_UNKNOWN) {
            return CompletableFuture.completedFuture(false);
        }
        return downloadBodies(provider, full && attached == Attached.ALL);
    }

    /** Attaches {@code headers}, stores the valid ones and penalizes the peer for the rest. */
    private Attached attachAndStore(SyncDataProvider provider, List<BlockHeader> headers) {
        SyncPeer peer = provider.syncPeer();
        long start = StageTimes.COUNTERS.start();
        AttachResult result = attacher.attach(headers, scheduler.nowSeconds());
        StageTimes.COUNTERS.record(StageTimes.Stage.VALIDATE, start, headers.size());
        if (result.parentUnknown()) {
            prefetched.remove(peer.id());
            String reason = "headers do not connect: the parent " + headers.get(0).prevHash() + " of the first of "
                    + headers.size() + " headers is unknown";
            provider.penalize(UNCONNECTING_HEADERS_PENALTY, reason);
            listener.onInvalidData(peer, reason);
            return Attached.PARENT_UNKNOWN;
        }
        chain.recordHeaders(result.accepted(), result.tipChange());
        if (!result.accepted().isEmpty()) {
            refusals.remove(peer.id());
        }
        // Core's UpdateBlockAvailability: a peer that sent headers has those blocks (peers serve headers
        // only of the chain they have), so the download manager may ask it for them.
        lastValid(headers, result).ifPresent(last -> peer.updateBestKnownHeight(last.height()));
        listener.onHeadersReceived(peer, headers.size(), result.accepted().size(), chain.mainTip());
        if (result.rejection().isPresent()) {
            prefetched.remove(peer.id());
            var rejection = result.rejection().get();
            provider.penalize(rejection.verdict().penalty(), rejection.verdict().toString());
            listener.onInvalidData(peer, rejection.verdict().toString());
            return Attached.REJECTED;
        }
        return Attached.ALL;
    }

    /** The highest header of the batch now in the index: the last one, or the end of the valid prefix. */
    private Optional<HeaderSyncData> lastValid(List<BlockHeader> headers, AttachResult result) {
        Optional<HeaderSyncData> last = chain.index().get(headers.get(headers.size() - 1).hash());
        if (last.isPresent() || result.accepted().isEmpty()) {
            return last;
        }
        return Optional.of(result.accepted().get(result.accepted().size() - 1));
    }

    private CompletableFuture<Boolean> downloadBodies(SyncDataProvider provider, boolean moreHeaders) {
        if (!config.downloadBlocks()) {
            return CompletableFuture.completedFuture(moreHeaders);
        }
        List<HeaderSyncData> missing = chain.missingBodies(config.maxBlocksPerPass());
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(moreHeaders);
        }
        return provider.downloadBlocks(missing).thenApply(done -> moreHeaders || !chain.blocksComplete());
    }
}
