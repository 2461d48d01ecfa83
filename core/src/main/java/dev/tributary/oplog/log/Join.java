package dev.tributary.oplog.log;

import dev.tributary.oplog.cbor.DagCbor;
import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.EntryRejectReason;
import dev.tributary.oplog.identity.Identities;
import dev.tributary.oplog.identity.Identity;
import dev.tributary.oplog.store.LogStore;
import dev.tributary.oplog.store.OrderKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One join, in three phases, with memory bounded by the width of the DAG rather than its length:
 * <ol>
 *   <li><b>Fetch and verify.</b> The given entries, then their missing ancestors, level after level, many per
 *       call to the {@link BlockSource}: every {@code next} link the log lacks is required, every {@code refs} link a
 *       hint fetched in the same calls (OrbitDB's refs point 2 to 16 steps back, so a linear history comes 16
 *       levels per round trip). Each block is checked against its CID, decoded strictly and verified (log id,
 *       identity, write access, signature); writers' identities the store lacks are fetched too. Verified entries
 *       go to the log's staging area in the store, not in memory.</li>
 *   <li><b>Check clocks.</b> Oldest first, each staged entry's clock time must exceed its parents'.</li>
 *   <li><b>Apply.</b> Oldest first, so parents before children, each entry with its heads, count and database index
 *       changes in one atomic write (a few hundred entries share a write).</li>
 * </ol>
 * Any broken rule ends the join with a {@link JoinResult.Rejected} and clears the staging area: nothing is stored.
 * A crash during phase 3 leaves the entries applied so far, a consistent log.
 *
 * <p>When the writers are known and every entry's parents are in the log or among the given entries (a replica
 * fetching oldest first, a pushed entry), nothing needs fetching and the join takes a <b>direct path</b>: the same
 * checks on the entries in memory, then phase 3 from them, without the staging writes and reads.
 *
 * <p>Differences from OrbitDB's {@code joinEntry}, which fetches one level per round trip, one {@code get} per
 * entry, and keeps the whole missing history in memory: same result, fewer round trips, bounded memory.
 */
final class Join {
    private static final int APPLY_ENTRIES_PER_WRITE = 256;
    private static final long APPLY_BYTES_PER_WRITE = 4L << 20;
    private static final int MAX_DECLINED_HINTS = 100_000;
    /** The most entries joined by the direct path, which holds them in memory (the general path stages them). */
    private static final int MAX_DIRECT_ENTRIES = 4_096;

    private final OpLog oplog;
    private final LogStore log;
    private final List<Entry> given;
    private final BlockSource source;
    /** CIDs to fetch: true for a required ancestor ({@code next}), false for a hint ({@code refs}). */
    private final Map<Cid, Boolean> wanted = new LinkedHashMap<>();
    private final Set<Cid> declinedHints = new HashSet<>();
    private final Map<String, Identity> newIdentities = new HashMap<>();

    Join(OpLog oplog, List<Entry> given, BlockSource source) {
        this.oplog = oplog;
        this.log = oplog.store();
        this.given = given;
        this.source = source;
    }

    CompletableFuture<JoinResult> run() {
        CompletableFuture<JoinResult> result;
        try {
            List<Entry> fresh = new ArrayList<>();
            Set<Cid> seen = new HashSet<>();
            long sizeBefore = log.size(); // read before the lookup: unchanged later, the lookup still holds
            boolean[] known = log.hasAll(given.stream().map(Entry::cid).toList());
            for (int i = 0; i < given.size(); i++) {
                Entry e = given.get(i);
                if (!known[i] && seen.add(e.cid())) {
                    oplog.checks().checkShape(e);
                    fresh.add(e);
                }
            }
            if (fresh.isEmpty()) {
                return CompletableFuture.completedFuture(new JoinResult.AlreadyKnown());
            }
            Map<Cid, Long> parentTimes = parentTimesIfSelfContained(fresh);
            if (parentTimes != null) {
                return CompletableFuture.completedFuture(direct(fresh, parentTimes, sizeBefore));
            }
            result = process(fresh).thenCompose(v -> fetchAll()).thenApply(v -> finish());
        } catch (EntryChecks.Rejection r) {
            result = CompletableFuture.failedFuture(r);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((r, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(r);
            }
            log.clearStaging();
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof EntryChecks.Rejection rejection) {
                return CompletableFuture.<JoinResult>completedFuture(rejection.result());
            }
            if (cause instanceof SourceFailure) {
                return CompletableFuture.<JoinResult>completedFuture(new JoinResult.Rejected(
                        JoinRejectReason.SOURCE_FAILED, "the block source failed: " + cause.getCause().getMessage()));
            }
            return CompletableFuture.<JoinResult>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    // ---- the direct path ----

    /**
     * When every writer of {@code fresh} is known and every parent ({@code next}) of each entry is in the log or
     * among {@code fresh} (the usual case: a replica fetching oldest first, or a pushed entry), the clock times of
     * the parents in the log, by CID; otherwise null, and the join takes the general path.
     */
    private Map<Cid, Long> parentTimesIfSelfContained(List<Entry> fresh) {
        if (fresh.size() > MAX_DIRECT_ENTRIES) {
            return null;
        }
        Set<Cid> given = new HashSet<>(fresh.size() * 2);
        Set<String> writers = new HashSet<>();
        for (Entry e : fresh) {
            given.add(e.cid());
            if (writers.add(e.identity()) && oplog.identities().resolve(e.identity()).isEmpty()) {
                return null;
            }
        }
        Map<Cid, Long> parentTimes = new HashMap<>();
        for (Entry e : fresh) {
            for (Cid n : e.nextCids()) {
                if (given.contains(n) || parentTimes.containsKey(n)) {
                    continue;
                }
                Optional<OrderKey> at = log.orderKey(n);
                if (at.isEmpty()) {
                    return null;
                }
                parentTimes.put(n, at.get().time());
            }
        }
        return parentTimes;
    }

    /**
     * Joins entries whose parents are all at hand, without staging: verifies every entry and checks every clock
     * before writing anything (a rejection stores nothing), then applies them parents first, as phase 3 does.
     */
    private JoinResult direct(List<Entry> fresh, Map<Cid, Long> parentTimes, long sizeBefore) {
        List<Entry> sorted = new ArrayList<>(fresh);
        sorted.sort(java.util.Comparator.comparing(EntryChecks::orderKey));
        try {
            for (Entry e : sorted) {
                if (!oplog.takePreverified(e.cid())) {
                    oplog.checks().verify(e, oplog.identities().resolve(e.identity()).orElseThrow());
                }
            }
            Map<Cid, Long> times = new HashMap<>(parentTimes);
            for (Entry e : sorted) {
                times.put(e.cid(), e.clock().time());
            }
            for (Entry e : sorted) {
                long parentTime = -1;
                for (Cid n : e.nextCids()) {
                    parentTime = Math.max(parentTime, times.get(n));
                }
                if (e.clock().time() <= parentTime) {
                    throw new EntryChecks.Rejection(EntryRejectReason.BAD_CLOCK, "entry " + e.cid()
                            + " has clock time " + e.clock().time() + ", not after its parent's time " + parentTime);
                }
            }
        } catch (EntryChecks.Rejection r) {
            return r.result();
        }
        long added;
        synchronized (oplog) {
            Applying applying = new Applying();
            // The log only grows: when its size has not moved since the first lookup, none of these was added.
            boolean[] known = log.size() == sizeBefore ? new boolean[sorted.size()]
                    : log.hasAll(sorted.stream().map(Entry::cid).toList());
            for (int i = 0; i < sorted.size(); i++) {
                if (!known[i]) { // else appended or joined meanwhile by another path
                    Entry e = sorted.get(i);
                    applying.add(e, EntryChecks.orderKey(e), e.bytes(), false);
                }
            }
            added = applying.finish();
        }
        return added == 0 ? new JoinResult.AlreadyKnown() : new JoinResult.Joined(added);
    }

    // ---- phase 1 ----

    /** Resolves the writers' identities of {@code entries} (fetching unknown ones), then verifies and stages them. */
    private CompletableFuture<Void> process(List<Entry> entries) {
        List<Cid> unknown = new ArrayList<>();
        Set<String> asked = new HashSet<>();
        for (Entry e : entries) {
            String h = e.identity();
            if (!newIdentities.containsKey(h) && asked.add(h) && oplog.identities().resolve(h).isEmpty()) {
                try {
                    unknown.add(Cid.parse(h));
                } catch (IllegalArgumentException ex) {
                    return CompletableFuture.failedFuture(new EntryChecks.Rejection(EntryRejectReason.UNKNOWN_IDENTITY,
                            "entry " + e.cid() + " names identity '" + h + "', which is not a CID"));
                }
            }
        }
        if (unknown.isEmpty()) {
            return run(() -> verifyAndStage(entries));
        }
        return fetch(unknown).thenCompose(blocks -> run(() -> {
            for (Cid c : unknown) {
                byte[] b = blocks.get(c);
                if (b == null) {
                    throw new EntryChecks.Rejection(EntryRejectReason.UNKNOWN_IDENTITY,
                            "the identity " + c + " of a writer is not here and the source did not provide it");
                }
                newIdentities.put(c.toString(), verifiedIdentity(c, b));
            }
            verifyAndStage(entries);
        }));
    }

    private static Identity verifiedIdentity(Cid cid, byte[] block) throws EntryChecks.Rejection {
        if (!Cid.of(block).equals(cid)) {
            throw new EntryChecks.Rejection(EntryRejectReason.CID_MISMATCH, "the block given for identity " + cid
                    + " hashes to " + Cid.of(block) + " instead");
        }
        Identity identity;
        try {
            identity = Identity.decode(block);
        } catch (IllegalArgumentException e) {
            throw new EntryChecks.Rejection(EntryRejectReason.UNKNOWN_IDENTITY, "identity " + cid + " is malformed: "
                    + e.getMessage());
        }
        if (!Identities.verify(identity)) {
            throw new EntryChecks.Rejection(EntryRejectReason.BAD_IDENTITY, "the signatures of identity " + cid
                    + " (id " + identity.id() + ") do not verify");
        }
        return identity;
    }

    private void verifyAndStage(List<Entry> entries) throws EntryChecks.Rejection {
        List<OrderKey> keys = new ArrayList<>(entries.size());
        List<byte[]> blocks = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Identity identity = newIdentities.get(e.identity());
            if (identity == null) {
                identity = oplog.identities().resolve(e.identity()).orElseThrow();
            }
            if (!oplog.takePreverified(e.cid())) {
                oplog.checks().verify(e, identity);
            }
            keys.add(EntryChecks.orderKey(e));
            blocks.add(e.bytes());
        }
        log.stage(keys, blocks);
        for (Entry e : entries) {
            for (Cid n : e.nextCids()) {
                if (!known(n)) {
                    wanted.put(n, true);
                }
            }
            for (Cid r : e.refsCids()) {
                if (!wanted.containsKey(r) && !declinedHints.contains(r) && !known(r)) {
                    wanted.put(r, false);
                }
            }
        }
    }

    private boolean known(Cid cid) {
        return log.has(cid) || log.staged(cid).isPresent();
    }

    /** Fetches rounds until nothing is wanted; loops rather than recursing when the source answers at once. */
    private CompletableFuture<Void> fetchAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        step(done);
        return done;
    }

    private void step(CompletableFuture<Void> done) {
        while (true) {
            if (wanted.isEmpty()) {
                done.complete(null);
                return;
            }
            CompletableFuture<Void> round = round();
            if (!round.isDone()) {
                round.whenComplete((v, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        step(done);
                    }
                });
                return;
            }
            if (round.isCompletedExceptionally()) {
                round.whenComplete((v, e) -> done.completeExceptionally(e));
                return;
            }
        }
    }

    private CompletableFuture<Void> round() {
        List<Cid> ask = new ArrayList<>();
        Map<Cid, Boolean> required = new HashMap<>();
        Iterator<Map.Entry<Cid, Boolean>> it = wanted.entrySet().iterator();
        while (it.hasNext() && ask.size() < BlockSource.MAX_BATCH) {
            Map.Entry<Cid, Boolean> w = it.next();
            ask.add(w.getKey());
            required.put(w.getKey(), w.getValue());
            it.remove();
        }
        return fetch(ask).thenCompose(blocks -> {
            List<Entry> decoded = new ArrayList<>();
            try {
                for (Cid c : ask) {
                    if (known(c)) {
                        continue;
                    }
                    byte[] b = blocks.get(c);
                    if (b == null) {
                        if (required.get(c)) {
                            throw new EntryChecks.Rejection(JoinRejectReason.MISSING_ANCESTOR, "ancestor " + c
                                    + " is not here and the source did not provide it");
                        }
                        if (declinedHints.size() < MAX_DECLINED_HINTS) {
                            declinedHints.add(c);
                        }
                        continue;
                    }
                    decoded.add(oplog.checks().decode(c, b));
                }
            } catch (EntryChecks.Rejection r) {
                return CompletableFuture.failedFuture(r);
            }
            return process(decoded);
        });
    }

    private CompletableFuture<Map<Cid, byte[]>> fetch(List<Cid> cids) {
        CompletableFuture<Map<Cid, byte[]>> f;
        try {
            f = source.fetch(List.copyOf(cids));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new SourceFailure(e));
        }
        return f.handle((blocks, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                throw new CompletionException(new SourceFailure(cause));
            }
            return blocks == null ? Map.<Cid, byte[]>of() : blocks;
        });
    }

    // ---- phases 2 and 3 ----

    private JoinResult finish() {
        try {
            checkClocks();
        } catch (EntryChecks.Rejection r) {
            throw new CompletionException(r);
        }
        long added;
        synchronized (oplog) {
            for (Identity identity : newIdentities.values()) {
                oplog.identities().remember(identity);
            }
            added = apply();
        }
        return new JoinResult.Joined(added);
    }

    private void checkClocks() throws EntryChecks.Rejection {
        EntryChecks.Rejection[] failure = {null};
        log.scanStaged(null, (key, block) -> {
            // Verified in phase 1: only the links are needed.
            @SuppressWarnings("unchecked")
            List<String> next = (List<String>) ((Map<?, ?>) DagCbor.decode(block)).get("next");
            long parentTime = -1;
            for (Cid n : oplog.checks().links(next)) {
                Optional<OrderKey> at = log.orderKey(n).or(() -> log.staged(n));
                if (at.isEmpty()) {
                    failure[0] = new EntryChecks.Rejection(JoinRejectReason.MISSING_ANCESTOR, "ancestor " + n
                            + " of entry " + key.cid() + " is missing");
                    return false;
                }
                parentTime = Math.max(parentTime, at.get().time());
            }
            if (key.time() <= parentTime) {
                failure[0] = new EntryChecks.Rejection(EntryRejectReason.BAD_CLOCK, "entry " + key.cid()
                        + " has clock time " + key.time() + ", not after its parent's time " + parentTime);
                return false;
            }
            return true;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private long apply() {
        Applying applying = new Applying();
        log.scanStaged(null, (key, block) -> {
            applying.add(Entry.decode(key.cid(), block), key, block, true);
            return true;
        });
        return applying.finish();
    }

    /**
     * The one loop that applies verified entries, parents first, for both paths: each entry's block, membership,
     * order and index changes go into the current write, which is committed (heads and count written once with it)
     * every {@link #APPLY_ENTRIES_PER_WRITE} entries or {@link #APPLY_BYTES_PER_WRITE} bytes; listeners hear of
     * the entries of a write once it is committed. Holds the log's lock (the caller's).
     */
    private final class Applying {
        private final List<Entry> pending = new ArrayList<>();
        private LogStore.LogBatch batch = log.batch();
        private long added;

        void add(Entry e, OrderKey key, byte[] block, boolean staged) {
            batch.add(key, block, e.nextCids(), staged);
            oplog.applier().apply(e, key, batch);
            pending.add(e);
            if (pending.size() >= APPLY_ENTRIES_PER_WRITE || batch.byteSize() >= APPLY_BYTES_PER_WRITE) {
                commit();
                batch = log.batch();
            }
        }

        /** Commits what is pending; the number of entries applied in all. */
        long finish() {
            if (!pending.isEmpty()) {
                commit();
            }
            return added;
        }

        private void commit() {
            batch.commit();
            for (Entry e : pending) {
                oplog.fire(e, false);
            }
            added += pending.size();
            pending.clear();
        }
    }

    private static CompletableFuture<Void> run(CheckedStep step) {
        try {
            step.run();
            return CompletableFuture.completedFuture(null);
        } catch (EntryChecks.Rejection r) {
            return CompletableFuture.failedFuture(r);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @FunctionalInterface
    private interface CheckedStep {
        void run() throws EntryChecks.Rejection;
    }

    /** The block source failed (as opposed to giving bad blocks). */
    private static final class SourceFailure extends RuntimeException {
        SourceFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
