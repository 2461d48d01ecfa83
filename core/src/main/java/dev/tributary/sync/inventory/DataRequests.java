package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.SyncPeer;
import dev.tributary.wire.InventoryItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code getdata} through a {@link RequestTracker}: only what is not in flight already, within its bound,
 * and asks again, of another peer where there is one (the sync peer first), on {@code notfound}, on a timeout,
 * or when the peer disconnects. Blocks are asked with witness data of peers that serve it. The {@code getdata} is
 * spelt in the graph's {@link InventoryDialect}. Engine thread only.
 */
final class DataRequests {
    private static final Logger log = LoggerFactory.getLogger(DataRequests.class);

    private final RequestTracker tracker;
    private final Scheduler scheduler;
    private final Supplier<Optional<SyncPeer>> syncPeer;
    private final Supplier<Collection<SyncPeer>> peers;
    private final InventoryDialect dialect;

    DataRequests(RequestTracker tracker, Scheduler scheduler, Supplier<Optional<SyncPeer>> syncPeer,
            Supplier<Collection<SyncPeer>> peers, InventoryDialect dialect) {
        this.tracker = tracker;
        this.scheduler = scheduler;
        this.syncPeer = syncPeer;
        this.peers = peers;
        this.dialect = dialect;
    }

    RequestTracker tracker() {
        return tracker;
    }

    boolean isRequested(Hash hash) {
        return tracker.isRequested(hash);
    }

    /** Asks {@code peer} for the blocks not yet in flight; returns how many were asked. */
    int requestBlocks(SyncPeer peer, Collection<Hash> hashes) {
        return request(peer, hashes, true);
    }

    /** Asks {@code peer} for the transactions not yet in flight; returns how many were asked. */
    int requestTransactions(SyncPeer peer, Collection<Hash> txids) {
        return request(peer, txids, false);
    }

    private int request(SyncPeer peer, Collection<Hash> hashes, boolean blocks) {
        List<InventoryItem> items = new ArrayList<>();
        long now = scheduler.nowMillis();
        for (Hash h : hashes) {
            if (tracker.track(h, blocks, peer.id(), now)) {
                items.add(item(peer, h, blocks));
            }
        }
        if (!items.isEmpty()) {
            peer.send(dialect.getData(items));
        }
        return items.size();
    }

    private static InventoryItem item(SyncPeer peer, Hash hash, boolean block) {
        if (!block) {
            return InventoryItem.tx(hash);
        }
        return peer.servesWitness() ? InventoryItem.witnessBlock(hash) : InventoryItem.block(hash);
    }

    /** What was asked for arrived; returns whether it had been asked for. */
    boolean complete(Hash hash) {
        return tracker.complete(hash).isPresent();
    }

    void onNotFound(SyncPeer peer, List<InventoryItem> items) {
        List<RequestTracker.Request> again = new ArrayList<>();
        for (InventoryItem item : items) {
            tracker.notFound(peer.id(), item.hash()).ifPresent(again::add);
        }
        retryElsewhere(again, peer.id());
    }

    /** Asks again, elsewhere, what was asked {@code timeoutMillis} or longer ago. */
    void checkTimeouts(long timeoutMillis) {
        List<RequestTracker.Request> late = tracker.timedOut(scheduler.nowMillis(), timeoutMillis);
        if (!late.isEmpty()) {
            log.debug("{} getdata requests unanswered for {} ms: asking again", late.size(), timeoutMillis);
        }
        for (RequestTracker.Request r : late) {
            retryElsewhere(List.of(r), r.peerId());
        }
    }

    void onPeerGone(SyncPeer peer) {
        retryElsewhere(tracker.of(peer.id()), peer.id());
    }

    private void retryElsewhere(List<RequestTracker.Request> requests, long excludedPeer) {
        Map<SyncPeer, List<InventoryItem>> batches = new LinkedHashMap<>();
        long now = scheduler.nowMillis();
        for (RequestTracker.Request r : requests) {
            Optional<SyncPeer> target = another(excludedPeer);
            if (target.isEmpty()) {
                tracker.complete(r.hash());
            } else if (tracker.retry(r, target.get().id(), now)) {
                batches.computeIfAbsent(target.get(), k -> new ArrayList<>()).add(item(target.get(), r.hash(), r.block()));
            } else {
                log.debug("gave up {} after {} attempts", r.hash(), r.attempts());
            }
        }
        batches.forEach((p, items) -> p.send(dialect.getData(items)));
    }

    /** The sync peer unless excluded, else the first other connected peer serving blocks. */
    private Optional<SyncPeer> another(long excludedPeer) {
        Optional<SyncPeer> sp = syncPeer.get().filter(p -> p.id() != excludedPeer && p.isConnected());
        if (sp.isPresent()) {
            return sp;
        }
        return peers.get().stream().filter(p -> p.id() != excludedPeer && p.isConnected() && p.servesBlocks()).findFirst();
    }
}
