package dev.tributary.sync.headers;

import dev.tributary.sync.PeerGoneException;
import dev.tributary.sync.SyncPeer;
import dev.tributary.bytes.Hash;
import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Outstanding {@code getheaders} requests, at most one per peer. A request completes with the peer's
 * next {@code headers} message, fails when the peer goes away, and fails and drops the peer when the
 * answer does not come within the timeout. Engine thread only.
 */
public final class HeaderRequests {
    private record Pending(CompletableFuture<List<BlockHeader>> future, Cancellable timeout) {
    }

    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final int protocolVersion;
    private final Map<Long, Pending> pending = new HashMap<>();

    public HeaderRequests(Scheduler scheduler, long timeoutMillis, int protocolVersion) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeoutMillis;
        this.protocolVersion = protocolVersion;
    }

    /** Sends {@code getheaders(locator, stop = zero)} to {@code peer}. */
    public CompletableFuture<List<BlockHeader>> request(SyncPeer peer, List<Hash> locator) {
        scheduler.checkEngineThread();
        CompletableFuture<List<BlockHeader>> future = new CompletableFuture<>();
        if (!peer.isConnected()) {
            future.completeExceptionally(new PeerGoneException(peer.label() + " is disconnected"));
            return future;
        }
        Pending previous = pending.remove(peer.id());
        if (previous != null) {
            previous.timeout().cancel();
            previous.future().completeExceptionally(new IllegalStateException("superseded by a new getheaders"));
        }
        Cancellable timeout = scheduler.schedule(() -> expire(peer, future), timeoutMillis);
        pending.put(peer.id(), new Pending(future, timeout));
        peer.send(new GetHeadersMessage(protocolVersion, locator, Hash.ZERO));
        return future;
    }

    private void expire(SyncPeer peer, CompletableFuture<List<BlockHeader>> future) {
        Pending p = pending.get(peer.id());
        if (p != null && p.future() == future) {
            pending.remove(peer.id());
            peer.disconnect("no answer to getheaders within " + timeoutMillis / 1000 + " s");
            future.completeExceptionally(new TimeoutException(peer.label() + " did not answer getheaders"));
        }
    }

    /**
     * Delivers a {@code headers} message. Returns false when no request was pending: the message is then
     * an announcement of new blocks, for the caller to act on.
     */
    public boolean onHeaders(SyncPeer peer, HeadersMessage message) {
        Pending p = pending.remove(peer.id());
        if (p == null) {
            return false;
        }
        p.timeout().cancel();
        p.future().complete(message.headers());
        return true;
    }

    public boolean isPending(SyncPeer peer) {
        return pending.containsKey(peer.id());
    }

    /** Fails the peer's pending request. */
    public void onPeerGone(SyncPeer peer) {
        Pending p = pending.remove(peer.id());
        if (p != null) {
            p.timeout().cancel();
            p.future().completeExceptionally(new PeerGoneException(peer.label() + " disconnected"));
        }
    }
}
