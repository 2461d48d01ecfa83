package dev.tributary.sync;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.AttachResult;
import dev.tributary.chain.HeaderChainAttacher;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.engine.Scheduler;
import dev.tributary.wire.BlockHeader;
import dev.tributary.wire.WireLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * headers forever.
 *
 * <p>Engine thread only; the futures it composes are completed there.
 */
public final class HeadersFirstSync implements Sync {
    /** Headers a peer may send that do not connect to anything we know (Core penalizes those too). */
    static final int UNCONNECTING_HEADERS_PENALTY = 10;
    private static final int MAX_CONTINUATIONS = 1024;

    private final ChainState chain;
    private final HeaderChainAttacher attacher;
    private final Scheduler scheduler;
    private final SyncConfig config;
    private final SyncListener listener;
    /** Per peer, the last header of a full 2,000-header answer: where its next pass continues. */
    private final Map<Long, Hash> continuation = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Hash> eldest) {
            return size() > MAX_CONTINUATIONS;
        }
    };

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
        long peerId = provider.syncPeer().id();
        List<Hash> locator = locatorFor(peerId);
        return provider.getHeaders(locator).thenCompose(headers -> onHeaders(provider, headers));
    }

    private List<Hash> locatorFor(long peerId) {
        Hash from = continuation.remove(peerId);
        if (from != null) {
            var entry = chain.index().get(from);
            if (entry.isPresent()) {
                return chain.index().locatorFrom(entry.get());
            }
        }
        return chain.index().locator();
    }

    private CompletableFuture<Boolean> onHeaders(SyncDataProvider provider, List<BlockHeader> headers) {
        SyncPeer peer = provider.syncPeer();
        if (headers.isEmpty()) {
            listener.onHeadersReceived(peer, 0, 0, chain.mainTip());
            return downloadBodies(provider, false);
        }
        AttachResult result = attacher.attach(headers, scheduler.nowSeconds());
        if (result.parentUnknown()) {
            String reason = "headers do not connect: the parent " + headers.get(0).prevHash() + " of the first of "
                    + headers.size() + " headers is unknown";
            provider.penalize(UNCONNECTING_HEADERS_PENALTY, reason);
            listener.onInvalidData(peer, reason);
            return CompletableFuture.completedFuture(false);
        }
        chain.recordHeaders(result.accepted(), result.tipChange());
        listener.onHeadersReceived(peer, headers.size(), result.accepted().size(), chain.mainTip());
        boolean more = headers.size() == WireLimits.MAX_HEADERS;
        if (result.rejection().isPresent()) {
            var rejection = result.rejection().get();
            provider.penalize(rejection.verdict().penalty(), rejection.verdict().message());
            listener.onInvalidData(peer, rejection.verdict().message());
            more = false;
        } else if (more) {
            continuation.put(peer.id(), headers.get(headers.size() - 1).hash());
        }
        return downloadBodies(provider, more);
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
