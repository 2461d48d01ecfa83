package dev.tributary.dag;

import dev.tributary.bytes.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The BlockDAG in memory: the header of every connected block with its children, the tips (blocks without
 * children), the {@link DagState} and the canonical order of all blocks ({@link BlockAtHeight#CANONICAL}: by
 * height, then by hash).
 *
 * <p>It also keeps the cumulative digest by height ({@link #digestThrough}, for {@link DagLocator}) and lists
 * blocks after any position of the canonical order ({@link #blocksAfter}), so a listing can be paged inside a
 * height.
 *
 * <p>Only {@link DagHeader}s are kept (hash, parents, height, a few hundred bytes at most), never the
 * transactions: memory grows with the number of blocks, not with their size. Bodies live in the
 * {@link dev.tributary.dag.store.DagStore}.
 *
 * <p>Blocks enter through {@link #add}, only once every parent is present: orphans are kept elsewhere
 * until their parents arrive. The index checks only what keeps the graph consistent (parents present,
 * height = 1 + the highest parent's); the other rules are {@link DagValidator}'s, which should have
 * accepted the block. Two indexes that were given the same blocks, in any topological order, are equal in
 * every observable way: tips, state and canonical order depend only on the set of blocks.
 *
 * <p>Not thread-safe: the engine thread owns it.
 */
public final class DagIndex {
    private final Map<Hash, Node> nodes = new HashMap<>();
    private final NavigableSet<BlockAtHeight> order = new TreeSet<>();
    private final NavigableSet<Hash> tips = new TreeSet<>();
    private final HeightDigests digests = new HeightDigests();
    private final Hash genesisHash;

    /** A block in the index: its header and its children in the order they were added. */
    private static final class Node {
        final DagHeader header;
        /** Empty (shared) until the first child: most blocks end with one child, tips have none. */
        List<Hash> children = List.of();

        Node(DagHeader header) {
            this.header = header;
        }

        void addChild(Hash child) {
            if (children.isEmpty()) {
                children = new ArrayList<>(1);
            }
            children.add(child);
        }
    }

    /** An index holding only {@code genesis}, which must have no parents and height 0. */
    public DagIndex(DagBlock genesis) {
        this(genesis.header());
    }

    /** An index holding only the genesis block of this header, which must have no parents and height 0. */
    public DagIndex(DagHeader genesis) {
        if (!genesis.parents().isEmpty() || genesis.height() != 0) {
            throw new IllegalArgumentException("genesis has no parents and height 0: " + genesis);
        }
        this.genesisHash = genesis.hash();
        insert(genesis);
    }

    /** An index holding only the network's genesis block. */
    public static DagIndex create(DagParameters params) {
        return new DagIndex(params.genesisBlock());
    }

    /**
     * Connects {@code block}: {@link #add(DagHeader)} of its header; the transactions are not kept.
     */
    public boolean add(DagBlock block) {
        return add(block.header());
    }

    /**
     * Connects the block of {@code header}: it becomes a child of each parent and a tip, and its parents stop
     * being tips.
     *
     * @return false, changing nothing, when the block is already present
     * @throws IllegalArgumentException when a parent is missing, a parent is listed twice, there are no
     *                                  parents, or the height is not 1 + the highest parent's height
     */
    public boolean add(DagHeader header) {
        if (nodes.containsKey(header.hash())) {
            return false;
        }
        List<Hash> parents = header.parents();
        if (parents.isEmpty() || new HashSet<>(parents).size() != parents.size()) {
            throw new IllegalArgumentException(header + " must name distinct parents");
        }
        int maxParentHeight = -1;
        for (Hash p : parents) {
            Node parent = nodes.get(p);
            if (parent == null) {
                throw new IllegalArgumentException(header + " has a missing parent " + p);
            }
            maxParentHeight = Math.max(maxParentHeight, parent.header.height());
        }
        if (header.height() != maxParentHeight + 1) {
            throw new IllegalArgumentException(header + " must have height " + (maxParentHeight + 1));
        }
        for (Hash p : parents) {
            nodes.get(p).addChild(header.hash());
            tips.remove(p);
        }
        insert(header);
        return true;
    }

    private void insert(DagHeader header) {
        nodes.put(header.hash(), new Node(header));
        order.add(new BlockAtHeight(header.hash(), header.height()));
        tips.add(header.hash());
        digests.add(header.height(), header.hash());
    }

    public boolean contains(Hash hash) {
        return nodes.containsKey(hash);
    }

    /** The header of a block in the DAG, or empty. The body is the {@link dev.tributary.dag.store.DagStore}'s. */
    public Optional<DagHeader> header(Hash hash) {
        Node n = nodes.get(hash);
        return n == null ? Optional.empty() : Optional.of(n.header);
    }

    /** The height of a block in the DAG, or empty. */
    public OptionalInt height(Hash hash) {
        Node n = nodes.get(hash);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n.header.height());
    }

    /** The children of a block in the order they were added; empty for a tip or an unknown hash. */
    public List<Hash> children(Hash hash) {
        Node n = nodes.get(hash);
        return n == null ? List.of() : Collections.unmodifiableList(n.children);
    }

    /** The parents of {@code header} missing from the DAG, in header order, each once. */
    public List<Hash> missingParents(DagHeader header) {
        List<Hash> missing = new ArrayList<>();
        Set<Hash> seen = new HashSet<>();
        for (Hash p : header.parents()) {
            if (!nodes.containsKey(p) && seen.add(p)) {
                missing.add(p);
            }
        }
        return missing;
    }

    public Hash genesisHash() {
        return genesisHash;
    }

    /** The blocks without children, sorted by hash. */
    public List<Hash> tips() {
        return List.copyOf(tips);
    }

    /** The tips in canonical order (by height, then hash): the order {@link DagMiner} picks parents in. */
    public List<BlockAtHeight> tipsInCanonicalOrder() {
        List<BlockAtHeight> out = new ArrayList<>(tips.size());
        for (Hash t : tips) {
            out.add(new BlockAtHeight(t, nodes.get(t).header.height()));
        }
        out.sort(BlockAtHeight.CANONICAL);
        return out;
    }

    /** The highest height in the DAG (that of the last block in canonical order). */
    public int maxHeight() {
        return order.last().height();
    }

    /** Number of blocks, genesis included. */
    public int size() {
        return nodes.size();
    }

    /** The current state: sorted tips, their hash, lowest and highest tip height, block count. */
    public DagState state() {
        List<Hash> sorted = tips();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Hash t : sorted) {
            int h = nodes.get(t).header.height();
            min = Math.min(min, h);
            max = Math.max(max, h);
        }
        return new DagState(sorted, DagState.tipsHash(sorted), min, max, nodes.size());
    }

    /** Every block in canonical order: by height, then by hash; parents always before children. */
    public List<BlockAtHeight> canonicalOrder() {
        return List.copyOf(order);
    }

    /**
     * The cumulative digest through {@code height}: the XOR of the hashes (internal byte order) of every block
     * at that height or below, genesis included. Equal digests at a height mean the same blocks up to it
     * (unless someone forged a collision); see {@link DagLocator}. O(log H).
     */
    public Hash digestThrough(int height) {
        return digests.through(height);
    }

    /**
     * The blocks strictly after {@code cursor} in canonical order, at most {@code limit}: a page of a listing
     * that may end and continue inside one height. The cursor need not be a block here; a cursor with the zero
     * hash at height h lists from the first block at h (no block has the zero hash).
     *
     * @throws IllegalArgumentException for a negative limit
     */
    public List<BlockAtHeight> blocksAfter(BlockAtHeight cursor, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        List<BlockAtHeight> out = new ArrayList<>(Math.min(limit, 64));
        for (BlockAtHeight b : order.tailSet(cursor, false)) {
            if (out.size() == limit) {
                break;
            }
            out.add(b);
        }
        return out;
    }

    /**
     * Answers a soterd getblocks: the blocks in canonical order from the first one at height
     * {@code startHeight} on, up to and including {@code stopHash} (as btcd's {@code locateInventory}), at
     * most {@code limit} of them. A zero or unknown stop hash means "up to the tips"; a stop hash ordered
     * before the start yields nothing. Empty when {@code startHeight} exceeds {@link #maxHeight()}.
     *
     * @throws IllegalArgumentException for a negative start height or limit
     */
    public List<BlockAtHeight> blocksFromHeight(int startHeight, Hash stopHash, int limit) {
        if (startHeight < 0 || limit < 0) {
            throw new IllegalArgumentException("start height " + startHeight + " and limit " + limit + " must be >= 0");
        }
        BlockAtHeight from = new BlockAtHeight(Hash.ZERO, startHeight); // before every block at that height
        NavigableSet<BlockAtHeight> range = order.tailSet(from, true);
        Node stop = nodes.get(stopHash);
        if (stop != null) {
            BlockAtHeight last = new BlockAtHeight(stopHash, stop.header.height());
            if (last.compareTo(from) < 0) {
                return List.of();
            }
            range = order.subSet(from, true, last, true);
        }
        List<BlockAtHeight> out = new ArrayList<>(Math.min(limit, 64));
        for (BlockAtHeight b : range) {
            if (out.size() == limit) {
                break;
            }
            out.add(b);
        }
        return out;
    }
}
