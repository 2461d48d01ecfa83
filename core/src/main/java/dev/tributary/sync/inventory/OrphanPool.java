package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Blocks whose parents are not known yet (btcd's orphan pool, soterd's for a DAG), generic over the block
 * type so a chain and a BlockDAG share it. An orphan may miss several parents; it is indexed under each.
 *
 * <p>Bounds, after btcd: at most {@link #DEFAULT_CAPACITY} orphans, each kept at most
 * {@link #DEFAULT_EXPIRY_MILLIS}. Adding to a full pool first drops expired orphans, then the oldest (the
 * first added) until there is room, so a peer flooding orphans can never grow the pool past its bound.
 *
 * <p>Time is passed in by the caller (engine milliseconds); the pool reads no clock. Not thread-safe: it
 * belongs to the engine thread like the sync state that owns it.
 *
 * @param <B> the block type
 */
public final class OrphanPool<B> {
    /** btcd's {@code maxOrphanBlocks}. */
    public static final int DEFAULT_CAPACITY = 700;
    /** btcd's orphan expiry: one hour. */
    public static final long DEFAULT_EXPIRY_MILLIS = 60 * 60 * 1000L;

    /**
     * One orphan.
     *
     * @param hash    its hash
     * @param block   the block
     * @param missing the parents still unknown when it was added, minus those that arrived since
     * @param addedAt when it was added (engine milliseconds)
     */
    public record Orphan<B>(Hash hash, B block, Set<Hash> missing, long addedAt) {
    }

    private final int capacity;
    private final long expiryMillis;
    /** Insertion order is age order: the first entry is the oldest. */
    private final LinkedHashMap<Hash, Orphan<B>> byHash = new LinkedHashMap<>();
    /** Missing parent -> the orphans waiting on it, in the order they were added. */
    private final Map<Hash, Set<Hash>> byMissingParent = new HashMap<>();

    public OrphanPool() {
        this(DEFAULT_CAPACITY, DEFAULT_EXPIRY_MILLIS);
    }

    public OrphanPool(int capacity, long expiryMillis) {
        if (capacity < 1 || expiryMillis < 1) {
            throw new IllegalArgumentException("capacity and expiry must be positive");
        }
        this.capacity = capacity;
        this.expiryMillis = expiryMillis;
    }

    /**
     * Adds an orphan waiting on {@code missingParents} (at least one). Expired orphans go first; then, while
     * the pool is full, the oldest.
     *
     * @return false when the hash is already in the pool (nothing changes)
     */
    public boolean add(Hash hash, B block, Collection<Hash> missingParents, long nowMillis) {
        if (missingParents.isEmpty()) {
            throw new IllegalArgumentException("an orphan misses at least one parent");
        }
        if (byHash.containsKey(hash)) {
            return false;
        }
        expire(nowMillis);
        while (byHash.size() >= capacity) {
            remove(byHash.keySet().iterator().next());
        }
        Orphan<B> o = new Orphan<>(hash, block, new LinkedHashSet<>(missingParents), nowMillis);
        byHash.put(hash, o);
        for (Hash parent : o.missing()) {
            byMissingParent.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(hash);
        }
        return true;
    }

    public boolean contains(Hash hash) {
        return byHash.containsKey(hash);
    }

    public Optional<B> get(Hash hash) {
        return Optional.ofNullable(byHash.get(hash)).map(Orphan::block);
    }

    public int size() {
        return byHash.size();
    }

    /**
     * {@code parent} is now connected. Every orphan waiting on it stops missing it; those that miss nothing
     * any more are removed from the pool and returned, oldest first, for the caller to connect (and then to
     * call this again with each of them). Orphans that still miss other parents stay, indexed under those.
     */
    public List<Orphan<B>> takeChildrenOf(Hash parent) {
        Set<Hash> waiting = byMissingParent.remove(parent);
        if (waiting == null) {
            return List.of();
        }
        List<Orphan<B>> ready = new ArrayList<>();
        for (Hash h : waiting) {
            Orphan<B> o = byHash.get(h);
            o.missing().remove(parent);
            if (o.missing().isEmpty()) {
                byHash.remove(h);
                ready.add(o);
            }
        }
        return ready;
    }

    /** The orphans still waiting on {@code parent} (which may miss others too), oldest first. */
    public List<Hash> waitingOn(Hash parent) {
        return List.copyOf(byMissingParent.getOrDefault(parent, Set.of()));
    }

    /** Drops the orphans added {@code expiryMillis} or longer before {@code nowMillis}; returns how many. */
    public int expire(long nowMillis) {
        int n = 0;
        Iterator<Orphan<B>> it = byHash.values().iterator();
        while (it.hasNext()) {
            Orphan<B> o = it.next();
            if (nowMillis - o.addedAt() < expiryMillis) {
                break; // age order: the rest are younger
            }
            unindex(o);
            it.remove();
            n++;
        }
        return n;
    }

    /** Removes one orphan, if present. */
    public void remove(Hash hash) {
        Orphan<B> o = byHash.remove(hash);
        if (o != null) {
            unindex(o);
        }
    }

    private void unindex(Orphan<B> o) {
        for (Hash parent : o.missing()) {
            Set<Hash> s = byMissingParent.get(parent);
            if (s != null) {
                s.remove(o.hash());
                if (s.isEmpty()) {
                    byMissingParent.remove(parent);
                }
            }
        }
    }

    /**
     * btcd's {@code GetOrphanRoot}: from {@code hash}, follows missing parents while they are orphans
     * themselves, and returns the oldest ancestor still in the pool (the first missing parent is followed
     * at each step; a DAG's other branches are in {@link #missingAncestors}). {@code hash} itself when its
     * parents are not orphans; empty when {@code hash} is not an orphan.
     */
    public Optional<Hash> orphanRoot(Hash hash) {
        if (!byHash.containsKey(hash)) {
            return Optional.empty();
        }
        Hash root = hash;
        Set<Hash> seen = new HashSet<>();
        while (seen.add(root)) {
            Optional<Hash> next = byHash.get(root).missing().stream().filter(byHash::containsKey).findFirst();
            if (next.isEmpty()) {
                break;
            }
            root = next.get();
        }
        return Optional.of(root);
    }

    /**
     * What must arrive before {@code hash} can connect: the missing parents of it and of its orphan
     * ancestors that are not orphans themselves (what to request from peers). Empty when {@code hash} is
     * not an orphan.
     */
    public Set<Hash> missingAncestors(Hash hash) {
        Set<Hash> out = new LinkedHashSet<>();
        Set<Hash> seen = new HashSet<>();
        Deque<Hash> todo = new ArrayDeque<>();
        if (byHash.containsKey(hash)) {
            todo.add(hash);
        }
        while (!todo.isEmpty()) {
            Hash h = todo.poll();
            if (!seen.add(h)) {
                continue;
            }
            for (Hash parent : byHash.get(h).missing()) {
                if (byHash.containsKey(parent)) {
                    todo.add(parent);
                } else {
                    out.add(parent);
                }
            }
        }
        return out;
    }
}
