package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.engine.Scheduler;
import dev.tributary.sync.SyncPeer;
import dev.tributary.chain.message.InventoryItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code getdata} through a {@link RequestTracker}: only what is not in flight already, within its bound,
 * and asks again on {@code notfound}, on a timeout, or when the peer disconnects: a block of another peer where
 * there is one (the sync peer first), a transaction of another peer that announced it; on a timeout, of the same
 * peer when no other fits and it is still connected (btcd asks again too). Requests asked again go out as one
 * {@code getdata} per peer; after its attempts a request is given up. Blocks are asked with witness data of
 * peers that serve it. The {@code getdata} is spelt in the graph's {@link InventoryDialect}. Engine thread only.
 */
final class DataRequests {
    private static final Logger log = LoggerFactory.getLogger(DataRequests.class);

    private final RequestTracker tracker;
    private final Scheduler scheduler;
    private final Supplier<Optional<SyncPeer>> syncPeer;
    private final Supplier<Collection<SyncPeer>> peers;
    private final InventoryDialect dialect;
    private final BiPredicate<SyncPeer, Hash> hasTransaction;

    /**
     * @param syncPeer       the sync peer, if any
     * @param peers          the connected peers
     * @param dialect        how the graph's protocol spells {@code getdata}
     * @param hasTransaction whether a peer is known to have a transaction (it announced it): only such peers are
     *                       asked again for one
     */
    DataRequests(RequestTracker tracker, Scheduler scheduler, Supplier<Optional<SyncPeer>> syncPeer,
            Supplier<Collection<SyncPeer>> peers, InventoryDialect dialect,
            BiPredicate<SyncPeer, Hash> hasTransaction) {
        this.tracker = tracker;
        this.scheduler = scheduler;
        this.syncPeer = syncPeer;
        this.peers = peers;
        this.dialect = dialect;
        this.hasTransaction = hasTransaction;
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

    /** The peer has not got these: asked again of another peer, never of this one. */
    void onNotFound(SyncPeer peer, List<InventoryItem> items) {
        List<RequestTracker.Request> again = new ArrayList<>();
        for (InventoryItem item : items) {
            tracker.notFound(peer.id(), item.hash()).ifPresent(again::add);
        }
        askAgain(again, false);
    }

    /**
     * Asks again what was asked {@code timeoutMillis} or longer ago: of another peer where there is one, else of
     * the same peer while it is connected (it may merely be slow); one {@code getdata} per peer.
     */
    void checkTimeouts(long timeoutMillis) {
        List<RequestTracker.Request> late = tracker.timedOut(scheduler.nowMillis(), timeoutMillis);
        if (!late.isEmpty()) {
            log.debug("{} getdata requests unanswered for {} ms: asking again", late.size(), timeoutMillis);
        }
        askAgain(late, true);
    }

    void onPeerGone(SyncPeer peer) {
        askAgain(tracker.of(peer.id()), false);
    }

    /**
     * Sends {@code requests} again, grouped into one {@code getdata} per target. A request without a target
     * leaves the tracker (it is asked for again when announced again); one whose attempts are used up is given
     * up.
     *
     * @param samePeerToo whether a request may go back to the peer it was asked of, when no other fits
     */
    private void askAgain(List<RequestTracker.Request> requests, boolean samePeerToo) {
        if (requests.isEmpty()) {
            return;
        }
        Targets targets = new Targets(syncPeer.get().filter(SyncPeer::isConnected),
                peers.get().stream().filter(SyncPeer::isConnected).toList(), samePeerToo);
        Map<SyncPeer, List<InventoryItem>> batches = new LinkedHashMap<>();
        long now = scheduler.nowMillis();
        for (RequestTracker.Request r : requests) {
            Optional<SyncPeer> target = r.block() ? targets.forBlock(r.peerId())
                    : targets.forTransaction(r.peerId(), r.hash());
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

    /** The peers a batch of requests may go to, read once per batch. */
    private final class Targets {
        private final Optional<SyncPeer> sync;
        private final List<SyncPeer> connected;
        private final boolean samePeerToo;

        Targets(Optional<SyncPeer> sync, List<SyncPeer> connected, boolean samePeerToo) {
            this.sync = sync;
            this.connected = connected;
            this.samePeerToo = samePeerToo;
        }

        /** The sync peer, else the first other peer serving blocks, else (if allowed) the peer asked before. */
        Optional<SyncPeer> forBlock(long askedPeer) {
            if (sync.isPresent() && sync.get().id() != askedPeer) {
                return sync;
            }
            return first(p -> p.id() != askedPeer && p.servesBlocks()).or(() -> same(askedPeer));
        }

        /** The first other peer known to have the transaction (it announced it), else (if allowed) the same. */
        Optional<SyncPeer> forTransaction(long askedPeer, Hash txid) {
            return first(p -> p.id() != askedPeer && hasTransaction.test(p, txid)).or(() -> same(askedPeer));
        }

        private Optional<SyncPeer> same(long askedPeer) {
            return samePeerToo ? first(p -> p.id() == askedPeer) : Optional.empty();
        }

        private Optional<SyncPeer> first(Predicate<SyncPeer> test) {
            for (SyncPeer p : connected) {
                if (test.test(p)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }
}
