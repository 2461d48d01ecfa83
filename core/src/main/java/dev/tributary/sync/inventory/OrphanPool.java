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
import java.util.function.ToIntFunction;

/**
 * Blocks whose parents are not known yet (btcd's orphan pool, soterd's for a DAG), generic over the block
 * type so a chain and a BlockDAG share it. An orphan may miss several parents; it is indexed under each.
 *
 * <p>Bounds, after btcd: at most {@link #DEFAULT_CAPACITY} orphans, each kept at most
 * {@link #DEFAULT_EXPIRY_MILLIS}; and, since a count alone lets 700 large blocks fill the heap, at most
 * {@link #DEFAULT_MAX_BYTES} bytes of serialized blocks in all (their decoded form keeps at most
 * {@link dev.tributary.wire.WireLimits#DECODED_BYTES_PER_BYTE} times that), an orphan larger than a quarter of
 * that not kept at all ({@link #fits}). Adding to a full pool first drops expired orphans, then the oldest (the
 * first added) until there is room, so a peer flooding orphans can never grow the pool past its bounds.
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
    /** Serialized bytes of all orphans together. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    /**
     * One orphan.
     *
     * @param hash    its hash
     * @param block   the block
     * @param missing the parents still unknown when it was added, minus those that arrived since
     * @param addedAt when it was added (engine milliseconds)
     */
    public record Orphan<B>(Hash hash, B block, Set<Hash> missing, long addedAt, int bytes) {
    }

    private final int capacity;
    private final long maxBytes;
    private final ToIntFunction<? super B> sizeOf;
    private long bytes;
    private final long expiryMillis;
    /** Insertion order is age order: the first entry is the oldest. */
    private final LinkedHashMap<Hash, Orphan<B>> byHash = new LinkedHashMap<>();
    /** Missing parent -> the orphans waiting on it, in the order they were added. */
    private final Map<Hash, Set<Hash>> byMissingParent = new HashMap<>();

    /** A pool bounded by count and expiry only, its blocks' sizes not known. */
    public OrphanPool() {
        this(DEFAULT_CAPACITY, DEFAULT_EXPIRY_MILLIS);
    }

    /** A pool bounded by count and expiry only, its blocks' sizes not known. */
    public OrphanPool(int capacity, long expiryMillis) {
        this(capacity, Long.MAX_VALUE, expiryMillis, b -> 0);
    }

    /** The default bounds, with blocks measured by {@code sizeOf} (their serialized size). */
    public OrphanPool(ToIntFunction<? super B> sizeOf) {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_BYTES, DEFAULT_EXPIRY_MILLIS, sizeOf);
    }

    /**
     * @param capacity most orphans
     * @param maxBytes most bytes of orphans in all, as {@code sizeOf} measures them
     * @param sizeOf   a block's serialized size
     */
    public OrphanPool(int capacity, long maxBytes, long expiryMillis, ToIntFunction<? super B> sizeOf) {
        if (capacity < 1 || expiryMillis < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity, bytes and expiry must be positive");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.sizeOf = sizeOf;
        this.expiryMillis = expiryMillis;
    }

    /** Whether {@code block} may be kept at all: at most a quarter of the pool's bytes. */
    public boolean fits(B block) {
        return sizeOf.applyAsInt(block) <= maxBytes / 4;
    }

    /** Serialized bytes of the orphans in the pool. */
    public long bytes() {
        return bytes;
    }

    /**
     * Adds an orphan waiting on {@code missingParents} (at least one). Expired orphans go first; then, while
     * the pool is full (by count or by bytes), the oldest.
     *
     * @return false when the hash is already in the pool, or the block does not {@link #fits fit} (nothing
     *         changes)
     */
    public boolean add(Hash hash, B block, Collection<Hash> missingParents, long nowMillis) {
        if (missingParents.isEmpty()) {
            throw new IllegalArgumentException("an orphan misses at least one parent");
        }
        if (byHash.containsKey(hash) || !fits(block)) {
            return false;
        }
        int size = sizeOf.applyAsInt(block);
        expire(nowMillis);
        while (!byHash.isEmpty() && (byHash.size() >= capacity || bytes + size > maxBytes)) {
            remove(byHash.keySet().iterator().next());
        }
        Orphan<B> o = new Orphan<>(hash, block, new LinkedHashSet<>(missingParents), nowMillis, size);
        byHash.put(hash, o);
        bytes += size;
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
                bytes -= o.bytes();
                ready.add(o);
            }
        }
        return ready;
    }

    /**
     * The blocks the pool waits for that are not orphans themselves: the parents its orphan roots miss, in the
     * order they were first missed.
     */
    public List<Hash> rootParents() {
        Set<Hash> out = new LinkedHashSet<>();
        for (Orphan<B> o : byHash.values()) {
            for (Hash h : o.missing()) {
                if (!byHash.containsKey(h)) {
                    out.add(h);
                }
            }
        }
        return List.copyOf(out);
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
            bytes -= o.bytes();
            n++;
        }
        return n;
    }

    /** Removes one orphan, if present. */
    public void remove(Hash hash) {
        Orphan<B> o = byHash.remove(hash);
        if (o != null) {
            unindex(o);
            bytes -= o.bytes();
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
