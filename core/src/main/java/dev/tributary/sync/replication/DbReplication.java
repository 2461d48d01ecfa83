package dev.tributary.sync.replication;

import dev.tributary.engine.Cancellable;
import dev.tributary.engine.Scheduler;
import dev.tributary.engine.WorkRejectedException;
import dev.tributary.net.MessageDispatcher;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerListener;
import dev.tributary.net.PeerModule;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.db.Databases;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.EntryRejectReason;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.JoinRejectReason;
import dev.tributary.oplog.log.JoinResult;
import dev.tributary.wire.MessageCodec;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication of databases with the peers of one network ({@code tribdb}: Bitcoin's framing under its own magic,
 * Bitcoin's handshake, ping and address gossip, and this module). What happens, per peer and database both
 * replicate (see {@code docs/db-replication.md} for the byte layouts and the rules):
 *
 * <ol>
 *   <li>On handshake, and whenever this node starts replicating another database, {@code dbopen} lists the
 *       databases it replicates.</li>
 *   <li>For each database both list (again after every reconnect or new subscription): {@code dbheads}, and a
 *       reconciliation this node starts as initiator ({@code dbrecon}/{@code dbreconr}) that lists the entries it
 *       lacks, whatever the depth of the DAG.</li>
 *   <li>Those entries are asked for in batches ({@code dbwant}, at most 512, two batches in flight), received
 *       ({@code dbblocks}) and joined off the engine thread ({@link Scheduler#offload}), one join at a time per
 *       database, oldest first; ancestors still missing are fetched from the same peer by the join.</li>
 *   <li>A write here is pushed at once ({@code dbentry}) to every peer replicating the database; an entry pushed by
 *       a peer that is new here is relayed to the other peers once it is stored; an entry already here is dropped.
 *       Heads are announced again (debounced) after every change, so a missed push is caught up by
 *       reconciliation.</li>
 *   <li>A database is {@code synced} with a peer when it holds every head the peer last announced and nothing is
 *       in flight: {@link ReplicationListener#synced}, {@link #whenSynced}.</li>
 * </ol>
 *
 * <p>This class keeps the subscriptions, heads, live pushes and the joins; {@link CatchUp} runs reconciliations
 * and fetches, {@link BlockServing} answers requests for blocks, {@link BatchJoins} decodes and joins batches on
 * workers, {@link ReplicationEvents} tells listeners.
 *
 * <p>Engine thread only, but for {@link #replicate}, {@link #open}, {@link #whenSynced} and {@link #addListener}.
 */
public final class DbReplication implements PeerModule {
    private static final Logger log = LoggerFactory.getLogger(DbReplication.class);

    /** The network's name. */
    public static final String NETWORK = "tribdb";
    /** Message start: the bytes {@code 74 72 64 62} ("trdb"), int32 LE. */
    public static final int MAGIC = 0x62647274;
    public static final int DEFAULT_PORT = 18600;

    /** Points for an entry that breaks a rule of its own are its rule's (100); for these: */
    static final int PENALTY_UNREQUESTED = 10;
    static final int PENALTY_FLOOD = 10;
    static final int PENALTY_BAD_RECON = 20;
    static final int PENALTY_WITHHELD_ANCESTORS = 20;
    /** A request unanswered this long drops the peer. */
    static final long REQUEST_TIMEOUT_MILLIS = 30_000;
    static final long HEADS_DELAY_MILLIS = 50;
    /**
     * How often a link whose peer may not know this node's state is refreshed: {@code dbopen} again while the peer
     * has announced no heads, {@code dbheads} again while the peer's last heads differ from this node's. Nothing
     * then depends on a single delivery of either (a peer that missed one catches up within this time).
     */
    static final long REFRESH_MILLIS = 30_000;
    /** Batches waiting to be joined per database before fetching pauses. */
    static final int MAX_QUEUED_BATCHES = 4;
    /** Bytes of pushed entries waiting to be joined per database; more are dropped (reconciliation catches up). */
    static final long MAX_QUEUED_PUSH_BYTES = 16L << 20;

    private final Databases databases;
    private final Scheduler scheduler;
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    /** Addresses {@link #replicate} was called for, from any thread. */
    private final Set<String> replicating = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, List<CompletableFuture<Database>>> pendingOpens = new LinkedHashMap<>();
    private final Map<Long, ReplicationPeer> peers = new LinkedHashMap<>();
    /** {@code peers.size()}, for other threads. */
    private volatile int connectedPeers;
    private final ReplicationEvents events = new ReplicationEvents();
    private final CatchUp catchUp;
    private PeerNetwork network;

    public DbReplication(Databases databases, Scheduler scheduler) {
        this.databases = databases;
        this.scheduler = scheduler;
        this.catchUp = new CatchUp(scheduler, new CatchUp.Host() {
            @Override
            public ReplicationPeer peer(Peer peer) {
                return peers.get(peer.id());
            }

            @Override
            public Replica replica(String address) {
                return replicas.get(address);
            }

            @Override
            public boolean opening(String address) {
                return pendingOpens.containsKey(address);
            }

            @Override
            public void evaluate(ReplicationPeer ps, PeerLink l) {
                DbReplication.this.evaluate(ps, l);
            }

            @Override
            public void drain(Replica r) {
                DbReplication.this.drain(r);
            }
        }, events);
    }

    /** The replication network with this module: its magic and default port, Bitcoin's control protocol. */
    public PeerNetwork network(NetConfig config, Random random) {
        return BitcoinNetworks.builder(NETWORK, MAGIC, DEFAULT_PORT, List.of(), config, scheduler, () -> 0, 0, random)
                .module(this).build();
    }

    @Override
    public String name() {
        return "db replication";
    }

    @Override
    public void registerMessages(MessageCodec.Builder codec) {
        DbMessages.register(codec);
    }

    @Override
    public void install(PeerNetwork net) {
        this.network = net;
        MessageDispatcher d = net.dispatcher();
        d.on(DbMessages.Open.class, this::onOpen);
        d.on(DbMessages.Heads.class, this::onHeads);
        d.on(DbMessages.Recon.class, catchUp::onRecon);
        d.on(DbMessages.ReconReply.class, catchUp::onReconReply);
        d.on(DbMessages.Want.class, this::onWant);
        d.on(DbMessages.Blocks.class, catchUp::onBlocks);
        d.on(DbMessages.Push.class, this::onPush);
        net.addListener(new PeerListener() {
            @Override
            public void onPeerReady(Peer peer) {
                peers.put(peer.id(), new ReplicationPeer(peer, scheduler.nowMillis()));
                connectedPeers = peers.size();
                events.peersChanged(connectedPeers);
                peer.send(openMessage());
            }

            @Override
            public void onPeerGone(Peer peer, String reason) {
                gone(peer);
            }
        });
    }

    // ---- the library API ----

    /**
     * Replicates {@code db} with every peer that replicates it too, from now until the node stops. Reads the log's
     * reconciliation items on the calling thread (a full scan of its order index). Any thread.
     */
    public Database replicate(Database db) {
        if (!replicating.add(db.address())) {
            return db;
        }
        Replica[] holder = new Replica[1];
        holder[0] = new Replica(db, (entry, local) -> {
            if (holder[0] != null) {
                applied(holder[0], entry, local);
            }
        });
        scheduler.execute(() -> register(holder[0]));
        return db;
    }

    /**
     * Opens the database at {@code address} and replicates it: from this store if its manifest is here, else from the
     * first peer that replicates it (its manifest and access controller fetched and checked). Completes when it is
     * open (not when it is synced: {@link #whenSynced}); fails with a message in user terms for a bad address. Any
     * thread.
     */
    public CompletableFuture<Database> open(String address) {
        CompletableFuture<Database> f = new CompletableFuture<>();
        Database local;
        try {
            local = databases.open(address, null, null);
        } catch (IllegalArgumentException e) {
            local = null;
            if (!e.getMessage().contains("is not known here")) {
                f.completeExceptionally(e);
                return f;
            }
        }
        if (local != null) {
            f.complete(replicate(local));
            return f;
        }
        scheduler.execute(() -> {
            Replica r = replicas.get(address);
            if (r != null) {
                f.complete(r.db);
                return;
            }
            boolean first = !pendingOpens.containsKey(address);
            pendingOpens.computeIfAbsent(address, a -> new ArrayList<>()).add(f);
            if (first) {
                sendOpenToAll();
                peers.values().stream().filter(ps -> ps.open.contains(address)).findFirst()
                        .ifPresent(ps -> fetchManifest(ps, address));
            }
        });
        return f;
    }

    /**
     * Completes when {@code address} is (or next becomes) synced with some peer, with that peer's progress. Any
     * thread.
     */
    public CompletableFuture<PeerProgress> whenSynced(String address) {
        CompletableFuture<PeerProgress> f = new CompletableFuture<>();
        scheduler.execute(() -> {
            for (ReplicationPeer ps : peers.values()) {
                PeerLink l = ps.links.get(address);
                if (l != null && l.synced) {
                    f.complete(l.progress());
                    return;
                }
            }
            events.awaitSynced(address, f);
        });
        return f;
    }

    /** How many peers of the replication network are connected (handshake done) now. Any thread. */
    public int connectedPeers() {
        return connectedPeers;
    }

    /** Tells {@code listener} of progress and {@code synced} events until cancelled. Any thread. */
    public Cancellable addListener(ReplicationListener listener) {
        return events.add(listener);
    }

    /** The replicated databases' addresses. Engine thread. */
    public List<String> replicated() {
        return List.copyOf(replicas.keySet());
    }

    /** Progress of {@code address} with each peer replicating it. Engine thread. */
    public List<PeerProgress> progress(String address) {
        List<PeerProgress> out = new ArrayList<>();
        for (ReplicationPeer ps : peers.values()) {
            PeerLink l = ps.links.get(address);
            if (l != null) {
                out.add(l.progress());
            }
        }
        return out;
    }

    /**
     * Where each replicated database stands with all its peers together, in the order they were replicated. Engine
     * thread.
     */
    public List<DatabaseProgress> databaseProgress() {
        List<DatabaseProgress> out = new ArrayList<>(replicas.size());
        for (Replica r : replicas.values()) {
            long missing = 0;
            int linked = 0;
            for (ReplicationPeer ps : peers.values()) {
                PeerLink l = ps.links.get(r.address);
                if (l != null) {
                    missing += l.needs.size() + l.inFlight.size();
                    linked++;
                }
            }
            out.add(new DatabaseProgress(r.address, r.db.size(), missing, r.received, r.applied, linked,
                    r.lastSyncMillis));
        }
        return out;
    }

    /**
     * Stops replicating {@code address} and closes its database handle (the data stays in the store): peers are told
     * it is no longer open here. Completes on the engine thread once done, also when it was not replicated. Any
     * thread.
     */
    public CompletableFuture<Void> close(String address) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        scheduler.execute(() -> {
            replicating.remove(address);
            Replica r = replicas.remove(address);
            if (r != null) {
                for (ReplicationPeer ps : peers.values()) {
                    unlink(ps, ps.links.remove(address));
                }
                r.queue.clear();
                r.close();
                sendOpenToAll();
                r.db.close();
            }
            f.complete(null);
        });
        return f;
    }

    /** Whether {@code address} is replicated here. Engine thread. */
    public boolean isReplicated(String address) {
        return replicas.containsKey(address);
    }

    // ---- subscriptions ----

    private void register(Replica replica) {
        if (replicas.containsKey(replica.address)) {
            replica.close();
            return;
        }
        replicas.put(replica.address, replica);
        List<CompletableFuture<Database>> waiting = pendingOpens.remove(replica.address);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(replica.db));
        }
        sendOpenToAll();
        for (ReplicationPeer ps : peers.values()) {
            if (ps.open.contains(replica.address)) {
                link(ps, replica);
            }
        }
    }

    private DbMessages.Open openMessage() {
        Set<String> all = new LinkedHashSet<>(replicas.keySet());
        all.addAll(pendingOpens.keySet());
        return new DbMessages.Open(all.stream().limit(DbMessages.MAX_OPEN).toList());
    }

    private void sendOpenToAll() {
        DbMessages.Open m = openMessage();
        peers.values().forEach(ps -> ps.peer.send(m));
    }

    private void onOpen(Peer peer, DbMessages.Open m) {
        log.debug("dbopen from {}: {}", peer, m.addresses());
        ReplicationPeer ps = peers.get(peer.id());
        if (ps == null) {
            return;
        }
        if (!ps.opens.take(scheduler.nowMillis(), 1)) {
            peer.misbehave(PENALTY_FLOOD, "sent dbopen too often");
            return;
        }
        Set<String> now = new LinkedHashSet<>(m.addresses());
        ps.open = now;
        ps.lastHeads.keySet().retainAll(now);
        for (String gone : new ArrayList<>(ps.links.keySet())) {
            if (!now.contains(gone)) {
                unlink(ps, ps.links.remove(gone));
            }
        }
        for (String a : now) {
            Replica r = replicas.get(a);
            if (r != null && !ps.links.containsKey(a)) {
                link(ps, r);
            } else if (r == null && pendingOpens.containsKey(a)) {
                fetchManifest(ps, a);
            }
        }
        events.peerListed(peer.label(), now);
    }

    /** Both replicate {@code replica}: heads, then a reconciliation. */
    private void link(ReplicationPeer ps, Replica replica) {
        PeerLink l = new PeerLink(ps.peer, replica);
        l.refreshedAt = scheduler.nowMillis();
        replica.everLinked = true; // before the heads are read: a local write from now on is pushed (applied)
        ps.links.put(replica.address, l);
        DbMessages.Heads known = ps.lastHeads.get(replica.address);
        if (known != null) {
            l.peerHeads = known.heads();
            l.peerHeadsTotal = known.total();
        }
        sendHeads(l);
        catchUp.startSession(ps, l);
    }

    private void unlink(ReplicationPeer ps, PeerLink l) {
        if (l == null) {
            return;
        }
        l.reconciler = null;
        l.needs.clear();
        l.inFlight.clear();
    }

    private void gone(Peer peer) {
        ReplicationPeer ps = peers.remove(peer.id());
        connectedPeers = peers.size();
        if (ps == null) {
            return;
        }
        events.peersChanged(connectedPeers);
        for (ArrayDeque<WantBatch> q : ps.outstanding.values()) {
            for (WantBatch b : q) {
                if (b.source() != null) {
                    b.source().future.completeExceptionally(new IllegalStateException("peer " + peer.label()
                            + " disconnected"));
                }
            }
        }
        ps.links.values().forEach(l -> unlink(ps, l));
    }

    private void fetchManifest(ReplicationPeer ps, String address) {
        databases.openFetching(address, null, catchUp.source(ps, address)).whenComplete((db, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                log.info("Cannot open {} from peer {}: {}", address, ps.peer.label(), cause.getMessage());
                return;
            }
            replicate(db);
        });
    }

    // ---- heads, and what a link needs next ----

    private void sendHeads(PeerLink l) {
        DbMessages.Heads h = l.replica.heads();
        List<ByteBuffer> keys = h.heads().stream().map(ByteBuffer::wrap).toList();
        if (!keys.equals(l.headsSent)) {
            l.headsSent = keys;
            l.peer.send(h);
        }
    }

    private void onHeads(Peer peer, DbMessages.Heads m) {
        log.debug("dbheads from {}: {} of {}", peer, m.heads().size(), m.total());
        ReplicationPeer ps = peers.get(peer.id());
        if (ps == null || !ps.open.contains(m.address())) {
            return;
        }
        ps.lastHeads.put(m.address(), m);
        PeerLink l = ps.links.get(m.address());
        if (l == null) {
            return;
        }
        l.peerHeads = m.heads();
        l.peerHeadsTotal = m.total();
        l.sessionSinceHeads = false;
        l.fallbackTried = false;
        l.gaveUp = false;
        evaluate(ps, l);
    }

    /** Decides what a link needs now: nothing (synced), a reconciliation, a direct fetch of the heads, or to give up. */
    private void evaluate(ReplicationPeer ps, PeerLink l) {
        if (ps.links.get(l.replica.address) != l) {
            return;
        }
        boolean holds = l.holdsPeerHeads();
        if (holds && l.idle() && (l.replica.applying || !l.replica.queue.isEmpty())) {
            return; // a join still running may hold the heads before it is done (its last write, the log's count)
        }
        if (holds && l.idle()) {
            l.replica.lastSyncMillis = scheduler.nowMillis();
            if (!l.synced) {
                l.synced = true;
                events.synced(l);
            }
            return;
        }
        if (!holds) {
            l.synced = false;
        }
        if (holds || !l.idle() || l.peerHeads == null || l.replica.applying || !l.replica.queue.isEmpty()) {
            return;
        }
        if (!l.sessionSinceHeads || l.applied > l.appliedAtSessionStart) {
            catchUp.startSession(ps, l);
        } else if (!l.fallbackTried) {
            l.fallbackTried = true;
            l.replica.queue.add(new Replica.ApplyBatch(l, null, false));
            drain(l.replica);
        } else if (!l.gaveUp) {
            l.gaveUp = true;
            l.peer.misbehave(PENALTY_WITHHELD_ANCESTORS, "announced heads of " + l.replica.address
                    + " whose entries it does not serve");
        }
    }

    // ---- serving blocks ----

    private void onWant(Peer peer, DbMessages.Want m) {
        log.debug("want from {} {}", peer, m.digests().size());
        ReplicationPeer ps = peers.get(peer.id());
        if (ps == null) {
            return;
        }
        if (!ps.wants.take(scheduler.nowMillis(), 1)) {
            peer.misbehave(PENALTY_FLOOD, "asked for blocks too fast");
            return;
        }
        boolean serves = replicas.containsKey(m.address()) || pendingOpens.containsKey(m.address());
        long start = ReplicationStageTimes.COUNTERS.start();
        DbMessages.Blocks answer = BlockServing.answer(databases.store(), m, serves);
        peer.send(answer);
        ReplicationStageTimes.COUNTERS.record(ReplicationStageTimes.Stage.SERVE, start, answer.blocks().size());
    }

    // ---- live updates ----

    private void onPush(Peer peer, DbMessages.Push m) {
        ReplicationPeer ps = peers.get(peer.id());
        PeerLink l = ps == null ? null : ps.links.get(m.address());
        if (l == null) {
            return;
        }
        if (!ps.pushes.take(scheduler.nowMillis(), 1)) {
            peer.misbehave(PENALTY_FLOOD, "pushed entries too fast");
            return;
        }
        Cid cid = Cid.of(m.block());
        if (l.replica.db.log().has(cid)) {
            return;
        }
        long queued = l.replica.queue.stream().filter(ApplyBatchBytes::isPush).mapToLong(ApplyBatchBytes::bytes).sum();
        if (queued + m.block().length > MAX_QUEUED_PUSH_BYTES) {
            return;
        }
        l.replica.received++;
        l.replica.queue.add(new Replica.ApplyBatch(l, List.of(new DbMessages.Block(cid.digest(), m.block())), true));
        drain(l.replica);
    }

    /** Sizes of queued batches, to bound the memory of pushed entries. */
    private static final class ApplyBatchBytes {
        static boolean isPush(Replica.ApplyBatch b) {
            return b.relay();
        }

        static long bytes(Replica.ApplyBatch b) {
            return b.blocks() == null ? 0 : b.blocks().stream().mapToLong(x -> x.bytes().length).sum();
        }
    }

    /**
     * An entry was stored in {@code r}'s log (on the writer's thread). One written here is pushed to the peers at
     * once; one from a peer makes the heads announced soon. Either way the engine is woken once for all the
     * entries stored until it runs, not once per entry.
     */
    private void applied(Replica r, Entry entry, boolean local) {
        String address = r.address;
        if (local) {
            if (!r.everLinked) {
                // No peer yet: a link sends the heads, read after it sets the flag, so this entry goes out then.
                return;
            }
            r.localOut.add(entry);
            if (r.pushQueued.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    r.pushQueued.set(false); // cleared first: an entry added from now on queues a task of its own
                    if (replicas.get(address) != r) {
                        r.localOut.clear();
                        return;
                    }
                    for (Entry e; (e = r.localOut.poll()) != null; ) {
                        DbMessages.Push push = new DbMessages.Push(address, e.bytes());
                        for (ReplicationPeer ps : peers.values()) {
                            if (ps.links.containsKey(address)) {
                                ps.peer.send(push);
                            }
                        }
                    }
                    scheduleHeads(r);
                });
            }
            return;
        }
        if (r.changeQueued.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                if (replicas.get(address) == r) {
                    scheduleHeads(r);
                }
            });
        }
    }

    private void scheduleHeads(Replica r) {
        if (r.headsScheduled) {
            return;
        }
        r.headsScheduled = true;
        scheduler.schedule(() -> {
            r.headsScheduled = false;
            r.changeQueued.set(false); // cleared before the heads are read: entries stored later ask again
            for (ReplicationPeer ps : peers.values()) {
                PeerLink l = ps.links.get(r.address);
                if (l != null) {
                    sendHeads(l);
                    evaluate(ps, l);
                }
            }
        }, HEADS_DELAY_MILLIS);
    }

    private void relay(Replica r, List<DbMessages.Block> blocks, Peer from) {
        for (ReplicationPeer ps : peers.values()) {
            if (ps.peer == from || !ps.links.containsKey(r.address)) {
                continue;
            }
            for (DbMessages.Block b : blocks) {
                ps.peer.send(new DbMessages.Push(r.address, b.bytes()));
            }
        }
    }

    // ---- joining ----

    private void drain(Replica r) {
        if (r.applying || r.queue.isEmpty()) {
            return;
        }
        Replica.ApplyBatch batch = r.queue.poll();
        PeerLink l = batch.from();
        ReplicationPeer ps = peers.get(l.peer.id());
        BlockSource source = ps != null ? catchUp.source(ps, r.address) : BlockSource.none();
        r.applying = true;
        CompletableFuture<JoinResult> result;
        if (batch.blocks() == null) {
            // a direct fetch of the peer's heads, when reconciliation did not bring them
            List<Cid> heads = l.peerHeads.stream().map(DbMessages::cidOf).toList();
            result = source.fetch(heads).thenCompose(found -> {
                List<DbMessages.Block> blocks = new ArrayList<>();
                for (Cid h : heads) {
                    byte[] b = found.get(h);
                    if (b == null) {
                        return CompletableFuture.completedFuture(new JoinResult.Rejected(
                                JoinRejectReason.MISSING_ANCESTOR, "head " + h + " was announced but not served"));
                    }
                    blocks.add(new DbMessages.Block(h.digest(), b));
                }
                return offloadJoin(r, blocks, source);
            });
        } else if (batch.prepared() != null) {
            result = batch.prepared().handle((p, e) -> p).thenCompose(p -> p == null
                    ? offloadJoin(r, batch.blocks(), source)
                    : scheduler.offload(() -> BatchJoins.joinDecoded(r, p.entries(), source)).thenCompose(f -> f));
        } else {
            result = offloadJoin(r, batch.blocks(), source);
        }
        result.whenComplete((res, error) -> scheduler.execute(() -> joined(r, batch, res, error)));
    }

    /**
     * After a join, which may have stored a writer's identity: the queued batches that were decoded before it was
     * here are verified ahead now, each on a worker, instead of one after another inside their joins (the first
     * batches from a new writer, about {@link PeerLink#MAX_IN_FLIGHT} entries, used to be).
     */
    private void preverifyQueuedAgain(Replica r) {
        List<Replica.ApplyBatch> queued = new ArrayList<>(r.queue);
        boolean changed = false;
        for (int i = 0; i < queued.size(); i++) {
            Replica.ApplyBatch b = queued.get(i);
            CompletableFuture<BatchJoins.Prepared> prepared = b.prepared();
            if (prepared == null || !prepared.isDone() || prepared.isCompletedExceptionally()) {
                continue;
            }
            BatchJoins.Prepared p = prepared.join();
            if (p == null || p.writerUnknown() == 0) {
                continue;
            }
            CompletableFuture<BatchJoins.Prepared> again = scheduler.offload(() -> BatchJoins.preverifyAgain(r, p))
                    .handle((q, e) -> e == null ? q : p);
            queued.set(i, new Replica.ApplyBatch(b.from(), b.blocks(), b.relay(), again));
            changed = true;
        }
        if (changed) {
            r.queue.clear();
            r.queue.addAll(queued);
        }
    }

    private CompletableFuture<JoinResult> offloadJoin(Replica r, List<DbMessages.Block> blocks, BlockSource source) {
        return scheduler.offload(() -> BatchJoins.join(r, blocks, source)).thenCompose(f -> f);
    }

    private void joined(Replica r, Replica.ApplyBatch batch, JoinResult result, Throwable error) {
        log.debug("joined {} {}", result, error);
        r.applying = false;
        PeerLink l = batch.from();
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            if (cause instanceof WorkRejectedException) {
                r.queue.addFirst(batch);
                scheduler.schedule(() -> drain(r), 20);
                return;
            }
            log.warn("Joining entries of {} from {} failed", r.address, l.peer.label(), cause);
        } else if (result instanceof JoinResult.Joined j) {
            l.applied += j.added();
            r.applied += j.added();
            preverifyQueuedAgain(r);
            if (batch.relay()) {
                relay(r, batch.blocks(), l.peer);
            }
        } else if (result instanceof JoinResult.Rejected rej) {
            int points = rej.reason().penalty();
            if (rej.reason() == JoinRejectReason.MISSING_ANCESTOR || rej.reason() == EntryRejectReason.UNKNOWN_IDENTITY) {
                points = PENALTY_WITHHELD_ANCESTORS;
            }
            log.info("Entries of {} from {} refused: {}", r.address, l.peer.label(), rej.message());
            r.queue.removeIf(b -> b.from() == l);
            l.needs.clear();
            if (points > 0 && l.peer.isConnected()) {
                l.peer.misbehave(points, "sent entries of " + r.address + " that were refused: " + rej.message());
            }
        }
        drain(r);
        for (ReplicationPeer ps : peers.values()) {
            PeerLink other = ps.links.get(r.address);
            if (other != null) {
                catchUp.pump(ps, other);
            }
        }
        events.progress(l);
        scheduleHeads(r);
    }

    // ---- upkeep and events ----

    @Override
    public void maintain(Collection<Peer> connected) {
        long now = scheduler.nowMillis();
        for (ReplicationPeer ps : List.copyOf(peers.values())) {
            boolean late = ps.outstanding.values().stream().anyMatch(q -> !q.isEmpty()
                    && now - q.peek().sentAt() > REQUEST_TIMEOUT_MILLIS)
                    || ps.links.values().stream().anyMatch(l -> l.sessionRunning()
                            && now - l.sessionStartedAt > REQUEST_TIMEOUT_MILLIS);
            if (late) {
                ps.peer.disconnect("did not answer a replication request within " + REQUEST_TIMEOUT_MILLIS / 1000
                        + " s");
            } else {
                refresh(ps, now);
            }
        }
    }

    /** Tells {@code ps}'s peer again what it may have missed ({@link #REFRESH_MILLIS}). */
    private void refresh(ReplicationPeer ps, long now) {
        boolean openSent = false;
        for (PeerLink l : ps.links.values()) {
            if (now - l.refreshedAt < REFRESH_MILLIS) {
                continue;
            }
            if (l.peerHeads == null) {
                if (!openSent) {
                    l.refreshedAt = now;
                    ps.peer.send(openMessage());
                    openSent = true;
                }
            } else if (!sameHeads(l.peerHeads, l.replica.heads().heads())) {
                l.refreshedAt = now;
                l.headsSent = List.of();
                sendHeads(l);
            }
        }
    }

    private static boolean sameHeads(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Set<ByteBuffer> x = new HashSet<>();
        a.forEach(d -> x.add(ByteBuffer.wrap(d)));
        return b.stream().allMatch(d -> x.contains(ByteBuffer.wrap(d)));
    }

    @Override
    public void stop() {
        replicas.values().forEach(Replica::close);
    }
}
