package dev.tributary.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a target does with one page of a feed (SData sync 5.3 to 5.5): check the page ({@link FeedCheck}), decide
 * each entry by the {@link ConflictRule} against the records as the page's earlier entries left them, raise its
 * digest after each entry to at least the entry's tick + 1, and at the end of the last page of a catch-up feed take
 * for every endpoint the higher tick of the two digests (not in immediate mode). Applied records are stored with
 * the source's sync state; a copy the target wins a conflict with is reissued as a new change of the target (see
 * the comment in {@link #apply}: without it, replicas can end with equal digests and different copies). The page's
 * writes and the new digest are one
 * {@link RecordStore#commit}, so a page is applied once or not at all, and a rerun after a crash resumes from the
 * digest the last committed page left.
 */
public final class TargetApplier {
    private TargetApplier() {
    }

    /** The answer to a page: refused with a problem (nothing changed), or applied with one result per entry. */
    public sealed interface Reply permits Refused, Processed {
    }

    /** The page was refused: {@code problem} says why, in words; nothing changed. */
    public record Refused(String problem) implements Reply {
    }

    /** The page was processed: one result per entry, in order, and the target's digest after it. */
    public record Processed(List<EntryResult> results, Digest digest) implements Reply {
        /** How many entries had a conflict. */
        public long conflicts() {
            return results.stream().filter(r -> r.outcome().isConflict()).count();
        }
    }

    /**
     * Applies {@code page} to {@code store} at time {@code now} (the stamp of digest entries it raises), having taken in
     * the changes other applications made to the store ({@link RecordStore#absorbThenGetAll}). The caller is the
     * store's only writer meanwhile.
     */
    public static Reply apply(FeedPage page, RecordStore store, Instant now) {
        return apply(page, store, now, now);
    }

    /**
     * {@link #apply(FeedPage, RecordStore, Instant)}, the changes of other applications taken in as of
     * {@code absorbAt}: a collection reads its clock for each, as it did when it took them in before the page.
     */
    public static Reply apply(FeedPage page, RecordStore store, Instant absorbAt, Instant now) {
        List<String> uuids = new ArrayList<>(page.entries().size());
        page.entries().forEach(r -> uuids.add(r.uuid()));
        // other applications' changes first: they are this endpoint's, and meet the page's entries as conflicts
        Map<String, Record> before = store.absorbThenGetAll(uuids, absorbAt);
        Digest target = store.digest();
        Optional<String> problem = FeedCheck.problem(page, target);
        if (problem.isPresent()) {
            return new Refused(problem.get());
        }
        Digest source = page.digest();
        Map<String, Record> writes = new LinkedHashMap<>();
        List<EntryResult> results = new ArrayList<>(page.entries().size());
        for (Record incoming : page.entries()) {
            Record current = writes.containsKey(incoming.uuid()) ? writes.get(incoming.uuid()) : before.get(incoming.uuid());
            ConflictRule.Decision d = ConflictRule.decide(source, target, incoming.state(),
                    current == null ? null : current.state());
            if (d.outcome().applies()) {
                writes.put(incoming.uuid(), incoming);
            }
            target = target.afterChange(incoming.state(), priorityOf(source, incoming.state().endpoint()), now);
            if (d.outcome() == Outcome.CONFLICT_WON_BY_TARGET) {
                // Reissue the winning copy as a change of this endpoint, at its next tick. Its old (endpoint, tick)
                // may already count as known everywhere (digests learn ticks by the end-of-feed maximum, and a
                // relayed record does not carry what its author knew), and then it would never travel again: the
                // replicas would keep different copies under equal digests. The reissued change is new to all and
                // known to dominate the loser, so every replica takes it. The decision itself is 5.4's.
                SyncState reissued = SyncState.of(store.endpoint(), target.tick(store.endpoint()), now);
                current = current.deleted() ? Record.tombstone(current.uuid(), reissued)
                        : Record.live(current.uuid(), reissued, current.payload());
                writes.put(current.uuid(), current);
                target = target.afterChange(reissued, priorityOf(target, store.endpoint()), now);
                results.add(EntryResult.of(incoming, current, d));
                continue;
            }
            results.add(EntryResult.of(incoming, current, d));
        }
        if (page.last() && page.mode() == SyncMode.CATCH_UP) {
            target = target.mergedWith(source);
        }
        java.util.Set<String> unknown = new java.util.HashSet<>();
        for (String uuid : writes.keySet()) {
            if (!before.containsKey(uuid)) {
                unknown.add(uuid);
            }
        }
        store.commit(List.copyOf(writes.values()), target, unknown);
        return new Processed(results, target);
    }

    private static int priorityOf(Digest source, String endpoint) {
        return source.entry(endpoint).map(DigestEntry::conflictPriority).orElse(DigestEntry.WEAKEST_PRIORITY);
    }
}
