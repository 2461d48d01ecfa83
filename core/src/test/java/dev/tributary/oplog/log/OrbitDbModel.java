package dev.tributary.oplog.log;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A line-by-line port of OrbitDB 4's traversal, iterator and reference choice ({@code src/oplog/log.js},
 * {@code conflict-resolution.js}), over entries held in a map: the reference model the log is tested against. The
 * comparator is {@code LastWriteWins} (clock time, then clock id with JavaScript's {@code <}); Tributary's CID
 * tie-break is added for entries with equal clocks, which honest writers never produce.
 */
final class OrbitDbModel {
    private final Map<Cid, Entry> entries;

    OrbitDbModel(Map<Cid, Entry> entries) {
        this.entries = entries;
    }

    static final Comparator<Entry> LAST_WRITE_WINS = (a, b) -> {
        long dist = a.clock().time() - b.clock().time();
        if (dist == 0 && !a.clock().id().equals(b.clock().id())) {
            return a.clock().id().compareTo(b.clock().id()) < 0 ? -1 : 1;
        }
        if (dist != 0) {
            return dist < 0 ? -1 : 1;
        }
        return Arrays.compareUnsigned(a.cid().bytes(), b.cid().bytes());
    };

    private Entry get(String hash) {
        return entries.get(Cid.parse(hash));
    }

    /** {@code traverse(rootEntries, shouldStopFn)}: yields into {@code out} until the stop function says so. */
    List<Entry> traverse(List<Entry> roots, Predicate<Entry> shouldStop) {
        List<Entry> out = new ArrayList<>();
        List<Entry> stack = new ArrayList<>(roots);
        stack.sort(LAST_WRITE_WINS);
        Set<String> traversed = new HashSet<>();
        Set<String> fetched = new HashSet<>();
        List<String> toFetch = new ArrayList<>();
        while (!stack.isEmpty()) {
            stack.sort(LAST_WRITE_WINS);
            Entry entry = stack.remove(stack.size() - 1);
            String hash = entry.cid().toString();
            if (traversed.contains(hash)) {
                continue;
            }
            out.add(entry);
            if (shouldStop.test(entry)) {
                break;
            }
            traversed.add(hash);
            fetched.add(hash);
            List<String> merged = new ArrayList<>(toFetch);
            merged.addAll(entry.next());
            toFetch = merged.stream().filter(h -> !traversed.contains(h) && !fetched.contains(h)).toList();
            List<Entry> nexts = new ArrayList<>();
            for (String h : toFetch) {
                if (!traversed.contains(h) && !fetched.contains(h)) {
                    fetched.add(h);
                    Entry e = get(h);
                    if (e != null) {
                        nexts.add(e);
                    }
                }
            }
            Set<String> following = new LinkedHashSet<>();
            for (Entry e : nexts) {
                following.addAll(e.next());
            }
            toFetch = following.stream().filter(h -> !traversed.contains(h) && !fetched.contains(h)).toList();
            List<Entry> newStack = new ArrayList<>(nexts);
            newStack.addAll(stack);
            stack = newStack;
        }
        return out;
    }

    /** {@code iterator({amount, gt, gte, lt, lte})}, over known bounds. */
    List<Cid> iterator(List<Entry> heads, LogRange range) {
        int amount = range.amount();
        if (amount == 0) {
            return List.of();
        }
        List<Entry> lte = range.lte() == null ? null : List.of(entries.get(range.lte()));
        List<Entry> lt = null;
        if (range.lt() != null) {
            lt = entries.get(range.lt()).next().stream().map(this::get).filter(e -> e != null).toList();
        }
        List<Entry> start = lt != null ? lt : lte != null ? lte : heads;
        Cid endCid = range.gt() != null ? range.gt() : range.gte();
        Entry end = endCid == null ? null : entries.get(endCid);
        long amountToIterate = (end != null || amount == -1) ? -1 : amount;
        long[] count = {0};
        Predicate<Entry> stop = e -> {
            count[0]++;
            if (amountToIterate != -1 && count[0] >= amountToIterate) {
                return true;
            }
            return end != null && e.cid().equals(end.cid());
        };
        boolean useBuffer = end != null && amount != -1 && lt == null && lte == null;
        List<Cid> out = new ArrayList<>();
        for (Entry e : traverse(start, stop)) {
            boolean skipLast = range.gt() != null && e.cid().equals(end.cid());
            if (!skipLast) {
                out.add(e.cid());
            }
        }
        if (useBuffer && out.size() > amount) {
            return out.subList(out.size() - amount, out.size());
        }
        return out;
    }

    /**
     * {@code getReferences(heads, referencesCount + heads.length)}: its {@code slice(heads.length + 1, amount)} runs
     * after the traversal popped one entry off {@code heads} itself, so it skips {@code heads.size()} entries.
     */
    List<String> references(List<Entry> heads, int referencesCount) {
        int amount = referencesCount + heads.size();
        List<String> refs = new ArrayList<>();
        long[] pushed = {0};
        for (Entry e : traverse(heads, e -> ++pushed[0] >= amount && amount != -1)) {
            refs.add(e.cid().toString());
        }
        int from = Math.min(heads.size(), refs.size());
        int to = Math.max(from, Math.min(amount, refs.size()));
        return refs.subList(from, to);
    }
}
