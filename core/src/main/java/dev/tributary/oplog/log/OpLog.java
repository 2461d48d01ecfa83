package dev.tributary.oplog.log;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Clock;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.store.LogStore;
import dev.tributary.oplog.store.OplogStore;
import dev.tributary.oplog.store.OrderKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An operation log in OrbitDB 4's format and order ({@code src/oplog/log.js}), kept in an {@link OplogStore}.
 *
 * <ul>
 *   <li>{@link #append}: the new entry's {@code next} is the heads (newest first), its clock time one more than the
 *       heads' greatest, its {@code refs} chosen as OrbitDB chooses them ({@link References}); it becomes the only
 *       head.</li>
 *   <li>{@link #joinAll}: verifies the given entries and every missing ancestor, fetched through a
 *       {@link BlockSource} many at a time, then stores them parents first, each in one atomic write with the
 *       heads and the database index. A join is all or nothing: a rejected one stores nothing.</li>
 *   <li>{@link #iterator}: OrbitDB's traversal order (newest first) and bounds ({@link LogRange}), read from the
 *       order index rather than by walking the DAG, so memory stays bounded.</li>
 * </ul>
 *
 * <p>Thread safety: every method may be called from any thread. Appends and the storing phase of joins are
 * serialized on the log; joins run one at a time, in the order they were asked for.
 */
public final class OpLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OpLog.class);
    /** OrbitDB's default number of references ({@code database.js}: {@code defaultReferencesCount}). */
    public static final int DEFAULT_REFERENCES = 16;
    /** The largest entry block the log accepts, appended or joined. */
    public static final int MAX_ENTRY_BYTES = 1 << 20;

    private final OplogStore store;
    private final LogStore log;
    private final LocalIdentity identity;
    private final EntryChecks checks;
    private final StoreIdentities identities;
    private final EntryApplier applier;
    private final List<LogListener> listeners = new CopyOnWriteArrayList<>();
    /** The most entries {@link #preverify} remembers. */
    public static final int MAX_PREVERIFIED = 16_384;
    private final java.util.Map<Cid, Boolean> preverified = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Cid, Boolean> eldest) {
            return size() > MAX_PREVERIFIED;
        }
    };
    private final Object joinQueueLock = new Object();
    private CompletableFuture<?> joinQueue = CompletableFuture.completedFuture(null);

    private OpLog(OplogStore store, LogStore log, LocalIdentity identity, WriteAccess access,
            EntryApplier applier) {
        this.store = store;
        this.log = log;
        this.identity = identity;
        this.identities = new StoreIdentities(store);
        this.checks = new EntryChecks(log.logId(), access, identities);
        this.applier = applier;
        identities.remember(identity.identity());
    }

    /**
     * Opens (or creates) the log {@code logId} in {@code store}, writing as {@code identity}, accepting the writers
     * {@code access} allows, and letting {@code applier} maintain a database index in the same writes.
     */
    public static OpLog open(OplogStore store, String logId, LocalIdentity identity, WriteAccess access,
            EntryApplier applier) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(access, "access");
        LogStore log = store.log(logId);
        return new OpLog(store, log, identity, access, applier == null ? EntryApplier.NONE : applier);
    }

    /** The log id: for a database, its address. */
    public String id() {
        return log.logId();
    }

    public LocalIdentity identity() {
        return identity;
    }

    public void addListener(LogListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(LogListener listener) {
        listeners.remove(listener);
    }

    /** Appends {@code payload} (a dag-cbor value) with OrbitDB's default number of references. */
    public Entry append(Object payload) {
        return append(payload, DEFAULT_REFERENCES);
    }

    /**
     * Appends {@code payload} as a new entry written by this log's identity.
     *
     * @throws IllegalArgumentException if the payload is not a dag-cbor value or the entry would be too large
     * @throws IllegalStateException    if the identity may not write to this log
     */
    public synchronized Entry append(Object payload, int referencesCount) {
        if (referencesCount < 0) {
            throw new IllegalArgumentException("the number of references is at least 0, got " + referencesCount);
        }
        List<OrderKey> heads = log.heads();
        List<String> next = new ArrayList<>(heads.size());
        long maxTime = 0;
        for (OrderKey h : heads) {
            next.add(checks.texts().text(h.cid()));
            maxTime = Math.max(maxTime, h.time());
        }
        List<String> refs = References.choose(log, heads.size(), referencesCount, checks.texts());
        Clock clock = new Clock(identity.identity().publicKey(), maxTime + 1);
        Entry entry = Entry.create(identity, log.logId(), payload, clock, next, refs);
        if (entry.size() > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("the entry would take " + entry.size()
                    + " bytes; the most a log accepts is " + MAX_ENTRY_BYTES);
        }
        checks.requireWriteAccess(entry, identity.identity());
        OrderKey key = EntryChecks.orderKey(entry);
        LogStore.LogBatch batch = log.batch();
        batch.add(key, entry.bytes(), entry.nextCids(), false);
        applier.apply(entry, key, batch);
        batch.commit();
        fire(entry, true);
        return entry;
    }

    /** The heads, newest first (OrbitDB's {@code log.heads()}). */
    public List<Entry> heads() {
        List<Entry> out = new ArrayList<>();
        for (OrderKey h : log.heads()) {
            out.add(get(h.cid()).orElseThrow(() -> new IllegalStateException("head " + h.cid() + " has no block")));
        }
        return out;
    }

    /** The heads' CIDs, newest first, without reading their blocks. */
    public List<Cid> headCids() {
        return log.heads().stream().map(OrderKey::cid).toList();
    }

    /** The entry {@code cid} if it is in this log. */
    public Optional<Entry> get(Cid cid) {
        return log.entryBlock(cid).map(b -> Entry.decode(cid, b));
    }

    /**
     * The payload of the entry {@code cid} if it is in this log, read without decoding the whole entry (its links
     * and identity were checked when it was stored): what a database's reads need.
     */
    public Optional<Object> payload(Cid cid) {
        return log.entryBlock(cid).map(b -> ((java.util.Map<?, ?>) DagCbor.decode(b)).get("payload"));
    }

    public boolean has(Cid cid) {
        return log.has(cid);
    }

    /** Number of entries. */
    public long size() {
        return log.size();
    }

    /** The store's view of this log (order keys, index), for the databases built on it. */
    public LogStore store() {
        return log;
    }

    /** Joins one entry; its missing ancestors must come from {@code source}. */
    public CompletableFuture<JoinResult> join(Entry entry, BlockSource source) {
        return joinAll(List.of(entry), source);
    }

    /** Joins one entry whose ancestors are all here already (or fails with {@link JoinRejectReason#MISSING_ANCESTOR}). */
    public JoinResult join(Entry entry) {
        return join(entry, BlockSource.none()).join();
    }

    /**
     * Joins {@code entries} (typically another replica's heads) and every ancestor of theirs this log lacks,
     * fetched through {@code source}. Completes with what was done; never completes exceptionally for bad input
     * (that is a {@link JoinResult.Rejected}).
     */
    public CompletableFuture<JoinResult> joinAll(Collection<Entry> entries, BlockSource source) {
        List<Entry> given = List.copyOf(entries);
        synchronized (joinQueueLock) {
            CompletableFuture<JoinResult> result = joinQueue
                    .handle((ignored, error) -> null)
                    .thenCompose(ignored -> new Join(this, given, source).run());
            joinQueue = result;
            return result;
        }
    }

    /**
     * Verifies entries ahead of their join, on the calling thread: the rules that need the writer's identity (log id,
     * write access, identity, signature), for the entries whose writer is known here. Those that pass are
     * remembered (the last {@value #MAX_PREVERIFIED}, by CID, which fixes the bytes) and a later join does not verify
     * them again; the others are left to the join, which rejects them with their reason. Entries already remembered
     * are skipped, so a batch can be given again once its writers are known. Lets a replica verify the next batches
     * on other cores while one batch is applied. Thread-safe.
     *
     * @return how many entries were left unverified because their writer's identity is not here (yet)
     */
    public int preverify(Collection<Entry> entries) {
        int writerUnknown = 0;
        for (Entry e : entries) {
            synchronized (preverified) {
                if (preverified.containsKey(e.cid())) {
                    continue;
                }
            }
            Optional<dev.tributary.oplog.identity.Identity> identity = identities.resolve(e.identity());
            if (identity.isEmpty()) {
                writerUnknown++;
                continue;
            }
            try {
                checks.verify(e, identity.get());
            } catch (EntryChecks.Rejection r) {
                continue;
            }
            synchronized (preverified) {
                preverified.put(e.cid(), Boolean.TRUE);
            }
        }
        return writerUnknown;
    }

    /** Whether {@link #preverify} passed {@code cid}; forgets it (a join verifies each entry once). */
    boolean takePreverified(Cid cid) {
        synchronized (preverified) {
            return preverified.remove(cid) != null;
        }
    }

    /** Iterates entries newest first within OrbitDB's bounds. */
    public Iterator<Entry> iterator(LogRange range) {
        return new LogIterator(this, range);
    }

    /** All entries, oldest first (OrbitDB's {@code log.values()}); reads the whole log into memory. */
    public List<Entry> values() {
        List<Entry> out = new ArrayList<>();
        iterator(LogRange.all()).forEachRemaining(out::add);
        java.util.Collections.reverse(out);
        return out;
    }

    /** Receives entries' places in the order; returns false to stop. */
    @FunctionalInterface
    public interface TimeVisitor {
        boolean visit(OrderKey key);
    }

    /**
     * Visits the entries whose clock time is in {@code [fromTime, toTime]}, newest first, in the (time, writer,
     * CID) order: the order a reconciliation of two replicas by time ranges walks.
     */
    public void scanByTime(long fromTime, long toTime, TimeVisitor visitor) {
        if (fromTime < 0 || toTime < fromTime) {
            throw new IllegalArgumentException("a time range needs 0 <= from <= to, got [" + fromTime + ", " + toTime + "]");
        }
        log.scanOrderBytes(OrderKey.startOfTime(toTime), k -> k.time() >= fromTime && visitor.visit(k));
    }

    // ---- used by Join ----

    EntryChecks checks() {
        return checks;
    }

    StoreIdentities identities() {
        return identities;
    }

    EntryApplier applier() {
        return applier;
    }

    OplogStore blocks() {
        return store;
    }

    void fire(Entry entry, boolean local) {
        for (LogListener l : listeners) {
            try {
                l.applied(entry, local);
            } catch (RuntimeException e) {
                // The entry is stored; a listener's failure is its own and must not undo or hide that.
                LOG.warn("a listener of {} failed on entry {}", log.logId(), entry.cid(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "log " + log.logId() + " (" + log.size() + " entries)";
    }
}
