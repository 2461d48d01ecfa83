package dev.tributary.sync.headers;

import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.Sync;
import dev.tributary.sync.SyncDataProvider;
import dev.tributary.sync.SyncListener;
import dev.tributary.sync.SyncPeer;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.AttachResult;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.engine.StageTimes;
import dev.tributary.chain.BlockHeader;
import dev.tributary.wire.WireLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
 * <p>Engine thread only; the futures it composes are completed there.
 */
public final class HeadersFirstSync implements Sync {
    /** Headers a peer may send that do not connect to anything we know (Core penalizes those too). */
    static final int UNCONNECTING_HEADERS_PENALTY = 10;

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
        CompletableFuture<List<BlockHeader>> headers = ahead != null && chain.index().contains(ahead.after())
                ? ahead.headers()
                : provider.getHeaders(chain.index().locator());
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

    /** Forgets what was sent ahead to a peer that disconnected. */
    public void onPeerGone(SyncPeer peer) {
        prefetched.remove(peer.id());
    }

    private CompletableFuture<Boolean> onHeaders(SyncDataProvider provider, List<BlockHeader> headers) {
        SyncPeer peer = provider.syncPeer();
        if (headers.isEmpty()) {
            listener.onHeadersReceived(peer, 0, 0, chain.mainTip());
            return downloadBodies(provider, false);
        }
        boolean full = headers.size() == WireLimits.MAX_HEADERS;
        if (full) {
            prefetchAfter(provider, headers.get(headers.size() - 1).hash());
        }
        long start = System.nanoTime();
        AttachResult result = attacher.attach(headers, scheduler.nowSeconds());
        StageTimes.record(StageTimes.Stage.VALIDATE, start, headers.size());
        if (result.parentUnknown()) {
            prefetched.remove(peer.id());
            String reason = "headers do not connect: the parent " + headers.get(0).prevHash() + " of the first of "
                    + headers.size() + " headers is unknown";
            provider.penalize(UNCONNECTING_HEADERS_PENALTY, reason);
            listener.onInvalidData(peer, reason);
            return CompletableFuture.completedFuture(false);
        }
        chain.recordHeaders(result.accepted(), result.tipChange());
        // Core's UpdateBlockAvailability: a peer that sent headers has those blocks (peers serve headers
        // only of the chain they have), so the download manager may ask it for them.
        lastValid(headers, result).ifPresent(last -> peer.updateBestKnownHeight(last.height()));
        listener.onHeadersReceived(peer, headers.size(), result.accepted().size(), chain.mainTip());
        boolean more = full;
        if (result.rejection().isPresent()) {
            prefetched.remove(peer.id());
            var rejection = result.rejection().get();
            provider.penalize(rejection.verdict().penalty(), rejection.verdict().toString());
            listener.onInvalidData(peer, rejection.verdict().toString());
            more = false;
        }
        return downloadBodies(provider, more);
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
