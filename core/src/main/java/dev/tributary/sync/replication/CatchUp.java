package dev.tributary.sync.replication;

import static dev.tributary.sync.replication.DbReplication.MAX_QUEUED_BATCHES;
import static dev.tributary.sync.replication.DbReplication.PENALTY_BAD_RECON;
import static dev.tributary.sync.replication.DbReplication.PENALTY_FLOOD;
import static dev.tributary.sync.replication.DbReplication.PENALTY_UNREQUESTED;

import dev.tributary.engine.Scheduler;
import dev.tributary.net.Peer;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.recon.ReconException;
import dev.tributary.oplog.recon.ReconItem;
import dev.tributary.oplog.recon.Reconciler;
import dev.tributary.oplog.recon.SortedItems;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catch-up of this node's replicas with its peers, whatever the depth of their DAGs: the reconciliations this node
 * runs as initiator with each linked peer ({@code dbrecon}/{@code dbreconr}; it answers theirs as responder), the
 * entries they list as missing fetched in batches ({@code dbwant}, at most {@link PeerLink#MAX_IN_FLIGHT} entries
 * in flight per link, paused while the replica has {@link DbReplication#MAX_QUEUED_BATCHES} batches waiting to
 * join), each {@code dbblocks} matched to the request it answers ({@link WantBatch#takeAnswered}) and queued on the
 * replica, decoded and verified ahead on a worker; and the {@link BlockSource}s through which a join fetches missing
 * ancestors, or an open fetches a manifest, from the same peer. Misbehaviour costs the peer points: floods, bad
 * reconciliation messages, answers nobody asked for.
 *
 * <p>Engine thread only, but for the block sources' {@code fetch}.
 */
final class CatchUp {
    private static final Logger log = LoggerFactory.getLogger(CatchUp.class);

    /** What catch-up needs of the replication it serves; engine thread. */
    interface Host {
        /** What is kept about {@code peer}, or null when it is not (or no longer) a ready peer. */
        ReplicationPeer peer(Peer peer);

        /** The replica of {@code address}, or null when it is not replicated here. */
        Replica replica(String address);

        /** Whether {@code address} is being opened here (its manifest fetched from a peer). */
        boolean opening(String address);

        /** Decides what the link needs next, now that its catch-up moved (synced, another session, give up). */
        void evaluate(ReplicationPeer ps, PeerLink l);

        /** Joins the replica's next queued batch unless one is being joined. */
        void drain(Replica r);
    }

    private final Scheduler scheduler;
    private final Host host;
    private final ReplicationEvents events;

    CatchUp(Scheduler scheduler, Host host, ReplicationEvents events) {
        this.scheduler = scheduler;
        this.host = host;
        this.events = events;
    }

    /** Starts a reconciliation with the link's peer, as initiator, unless one runs. */
    void startSession(ReplicationPeer ps, PeerLink l) {
        log.debug("session with {} running={}", l.peer, l.sessionRunning());
        if (l.sessionRunning()) {
            return;
        }
        l.session = ps.nextSession++ & 0xffffffffL;
        l.reconciler = new Reconciler(l.replica.items, true);
        l.rounds = 0;
        l.sessionFetched = false;
        l.sessionSinceHeads = true;
        l.appliedAtSessionStart = l.applied;
        l.sessions++;
        byte[] first = l.reconciler.initiate();
        l.reconBytes = first.length;
        l.sessionStartedAt = scheduler.nowMillis();
        l.peer.send(new DbMessages.Recon(l.replica.address, l.session, first));
    }

    /** A peer's reconciliation message, answered as responder (a database being opened here answers as empty). */
    void onRecon(Peer peer, DbMessages.Recon m) {
        log.debug("recon from {} {} bytes, replica {}", peer, m.data().length, (host.replica(m.address()) != null));
        ReplicationPeer ps = host.peer(peer);
        if (ps == null) {
            return;
        }
        if (!ps.recons.take(scheduler.nowMillis(), 1)) {
            peer.misbehave(PENALTY_FLOOD, "sent reconciliation messages too fast");
            return;
        }
        Replica r = host.replica(m.address());
        if (r == null && !host.opening(m.address())) {
            return;
        }
        try {
            // A database still being opened here answers as an empty replica.
            Reconciler.Result result = new Reconciler(r != null ? r.items : new SortedItems(), false)
                    .reconcile(m.data());
            peer.send(new DbMessages.ReconReply(m.address(), m.session(), result.reply()));
        } catch (ReconException e) {
            peer.misbehave(PENALTY_BAD_RECON, "bad reconciliation message for " + m.address() + ": " + e.getMessage());
        }
    }

    /** The answer to this node's reconciliation: what it lists as missing here is queued to fetch. */
    void onReconReply(Peer peer, DbMessages.ReconReply m) {
        log.debug("reconr from {} {} bytes", peer, m.data().length);
        ReplicationPeer ps = host.peer(peer);
        PeerLink l = ps == null ? null : ps.links.get(m.address());
        if (l == null || !l.sessionRunning() || l.session != m.session()) {
            if (ps != null) {
                peer.misbehave(PENALTY_UNREQUESTED, "sent a reconciliation answer nobody asked for");
            }
            return;
        }
        l.rounds++;
        l.sessionStartedAt = scheduler.nowMillis();
        l.reconBytes += m.data().length;
        Reconciler.Result result;
        try {
            result = l.reconciler.reconcile(m.data());
        } catch (ReconException e) {
            endSession(ps, l);
            peer.misbehave(PENALTY_BAD_RECON, "bad reconciliation answer for " + m.address() + ": " + e.getMessage());
            return;
        }
        List<ReconItem> need = new ArrayList<>(result.need());
        need.sort(Comparator.comparingLong(ReconItem::time).thenComparing(ReconItem::id, Arrays::compareUnsigned));
        for (ReconItem it : need) {
            if (l.needs.size() >= PeerLink.MAX_NEEDS) {
                break;
            }
            if (!l.replica.items.contains(it.time(), it.id())) {
                l.needs.add(it);
                l.sessionFetched = true;
            }
        }
        if (result.done()) {
            endSession(ps, l);
        } else {
            l.reconBytes += result.reply().length;
            l.peer.send(new DbMessages.Recon(l.replica.address, l.session, result.reply()));
        }
        pump(ps, l);
        events.progress(l);
    }

    private void endSession(ReplicationPeer ps, PeerLink l) {
        l.lastRounds = l.rounds;
        l.lastReconBytes = l.reconBytes;
        l.reconciler = null;
        host.evaluate(ps, l);
    }

    /** Asks the link's peer for queued entries while room is left in flight and in the replica's join queue. */
    void pump(ReplicationPeer ps, PeerLink l) {
        while (l.inFlight.size() + DbMessages.MAX_WANT <= PeerLink.MAX_IN_FLIGHT && !l.needs.isEmpty()
                && l.replica.queue.size() < MAX_QUEUED_BATCHES && l.peer.isConnected()) {
            List<ByteBuffer> ask = new ArrayList<>();
            while (ask.size() < DbMessages.MAX_WANT && !l.needs.isEmpty()) {
                ReconItem it = l.needs.poll();
                ByteBuffer k = ByteBuffer.wrap(it.id());
                if (!l.replica.items.contains(it.time(), it.id()) && l.inFlight.add(k)) {
                    ask.add(k);
                }
            }
            if (ask.isEmpty()) {
                break;
            }
            sendWant(ps, new WantBatch(l.replica.address, ask, l, null, scheduler.nowMillis()));
        }
        if (l.idle()) {
            host.evaluate(ps, l);
        }
    }

    private void sendWant(ReplicationPeer ps, WantBatch b) {
        ps.outstanding.computeIfAbsent(b.address(), a -> new ArrayDeque<>()).add(b);
        ps.peer.send(new DbMessages.Want(b.address(), b.digests().stream().map(ByteBuffer::array).toList()));
    }

    /** A block source reading from {@code ps}'s peer through {@code dbwant}, for joins and manifests. */
    BlockSource source(ReplicationPeer ps, String address) {
        return cids -> {
            WantBatch.SourceRequest req = new WantBatch.SourceRequest();
            scheduler.execute(() -> {
                if (!ps.peer.isConnected() || host.peer(ps.peer) != ps) {
                    req.future.completeExceptionally(new IllegalStateException("peer " + ps.peer.label()
                            + " disconnected"));
                    return;
                }
                List<ByteBuffer> digests = new ArrayList<>();
                for (Cid c : cids) {
                    byte[] d = DbMessages.digestOf(c);
                    if (d != null) {
                        digests.add(ByteBuffer.wrap(d));
                    }
                }
                if (digests.isEmpty()) {
                    req.future.complete(Map.of());
                    return;
                }
                for (int i = 0; i < digests.size(); i += DbMessages.MAX_WANT) {
                    req.pendingBatches++;
                    sendWant(ps, new WantBatch(address, digests.subList(i, Math.min(digests.size(),
                            i + DbMessages.MAX_WANT)), null, req, scheduler.nowMillis()));
                }
            });
            return req.future;
        };
    }

    /** Blocks a peer sent: matched to the request they answer, then queued to join or handed to a join's source. */
    void onBlocks(Peer peer, DbMessages.Blocks m) {
        log.debug("blocks from {} {} missing {}", peer, m.blocks().size(), m.missing().size());
        ReplicationPeer ps = host.peer(peer);
        if (ps == null) {
            return;
        }
        ArrayDeque<WantBatch> q = ps.outstanding.get(m.address());
        WantBatch b = q == null ? null : WantBatch.takeAnswered(q, m);
        if (b == null) {
            // Consumes no batch: a stray answer (sent twice, or unasked) must not stand for the answer of another
            // request, whose blocks a join may be waiting on; an unanswered request times out (maintain).
            peer.misbehave(PENALTY_UNREQUESTED, "sent blocks of " + m.address() + " nobody asked for");
            return;
        }
        List<DbMessages.Block> received = new ArrayList<>(m.blocks());
        Set<ByteBuffer> answered = new HashSet<>();
        for (DbMessages.Block block : m.blocks()) {
            answered.add(ByteBuffer.wrap(block.digest()));
        }
        m.missing().forEach(d -> answered.add(ByteBuffer.wrap(d)));
        if (b.source() != null) {
            WantBatch.SourceRequest req = b.source();
            PeerLink joining = ps.links.get(m.address());
            if (joining != null) {
                // a join's missing ancestors are entries received from the peer all the same; a writer's
                // identity, which a join fetches the same way, is no entry of the database
                long entries = received.stream().filter(block -> !isIdentity(block.bytes())).count();
                joining.fetched += entries;
                joining.replica.received += entries;
            }
            for (DbMessages.Block block : received) {
                req.blocks.put(DbMessages.cidOf(block.digest()), block.bytes());
            }
            if (--req.pendingBatches == 0) {
                complete(req);
            }
            return;
        }
        PeerLink l = b.link();
        for (ByteBuffer k : b.digests()) {
            l.inFlight.remove(k);
        }
        List<ByteBuffer> unsent = b.digests().stream().filter(k -> !answered.contains(k)).toList();
        for (int i = unsent.size() - 1; i >= 0; i--) {
            // Left out for size: asked again first. Their time is unknown here; 0 keeps them in front.
            l.needs.addFirst(new ReconItem(0, unsent.get(i).array()));
        }
        l.fetched += received.size();
        l.replica.received += received.size();
        if (!received.isEmpty() && ps.links.get(l.replica.address) == l) {
            Replica r = l.replica;
            l.replica.queue.add(new Replica.ApplyBatch(l, received, false,
                    scheduler.offload(() -> BatchJoins.prepare(r, received))));
            host.drain(l.replica);
        }
        pump(ps, l);
        events.progress(l);
    }

    /** Whether {@code block} is a writer's identity, not an entry (the blocks a join fetches are one or the other). */
    private static boolean isIdentity(byte[] block) {
        try {
            dev.tributary.oplog.identity.Identity.decode(block);
            return true;
        } catch (RuntimeException notAnIdentity) {
            return false;
        }
    }

    private void complete(WantBatch.SourceRequest req) {
        // The join goes on where the future completes: on a worker, not on the engine thread.
        scheduler.offload(() -> req.future.complete(req.blocks)).whenComplete((v, e) -> {
            if (e != null) {
                req.future.complete(req.blocks);
            }
        });
    }
}
