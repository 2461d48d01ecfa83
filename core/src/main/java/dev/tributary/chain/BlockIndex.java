package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory index of every valid header known, from a start entry (genesis or a trusted checkpoint),
 * with the best chain: Bitcoin Core's {@code BlockManager::m_block_index} and {@code CChain} in one.
 *
 * <p><b>Best tip.</b> The entry with the most chain work. A branch replaces the tip only with strictly more
 * work, so among equal-work tips the first seen stays ({@link #add} reports the change as a
 * {@link TipChange}).
 *
 * <p><b>Chain work</b> is cumulative from the start entry, the start included. {@link #fromGenesis} gives
 * genesis its own work, so values are absolute; {@link #fromTrustedStart(NetworkParameters, BlockHeader, int)}
 * gives the start its own work too, so values are relative to the start (an absolute value can be passed
 * to the four-argument form when known).
 *
 * <p><b>Cost.</b> Entries sit in a {@link HashMap} by hash and the best chain in an array by height, so
 * lookups, main-chain ancestors and main-chain extension are O(1). Every entry keeps Core's skip pointer
 * ({@code CBlockIndex::pskip}), so ancestors on side branches take O(log n) steps.
 *
 * <p>Not thread-safe: owned and used by the engine thread only.
 */
public final class BlockIndex implements AncestorLookup {
    /** Bitcoin Core's {@code MAX_LOCATOR_SZ}: longer locators from a peer are a protocol violation. */
    public static final int MAX_LOCATOR_SIZE = 101;
    /** Core's {@code MAX_HEADERS_RESULTS}: headers per {@code headers} message. */
    public static final int MAX_HEADERS_RESULTS = 2000;
    /** Core's limit of block hashes in one answer to {@code getblocks}. */
    public static final int MAX_BLOCKS_RESULTS = 500;

    private final NetworkParameters params;
    private final Node start;
    private final Map<Hash, Node> byHash = new HashMap<>();
    /** Blocks whose body (or an ancestor's) failed validation, and their descendants. */
    private final Set<Hash> invalid = new HashSet<>();
    /** The best chain: index i holds the entry at height start + i. */
    private final ArrayList<Node> mainChain = new ArrayList<>();
    private Node tip;

    private BlockIndex(NetworkParameters params, HeaderSyncData startEntry) {
        this.params = params;
        this.start = new Node(startEntry, null, null, 0);
        byHash.put(startEntry.hash(), start);
        mainChain.add(start);
        tip = start;
    }

    /** An index holding only the network's genesis header, with its own work as chain work. */
    public static BlockIndex fromGenesis(NetworkParameters params) {
        BlockHeader genesis = params.genesisBlock().header();
        return new BlockIndex(params, new HeaderSyncData(genesis, 0, Difficulty.work(genesis.bits())));
    }

    /**
     * An index starting at a trusted header (a checkpoint) at {@code height}, whose chain work is its own
     * work: chain work counts from the start header, the start included, as the spec defines it.
     */
    public static BlockIndex fromTrustedStart(NetworkParameters params, BlockHeader start, int height) {
        return fromTrustedStart(params, start, height, Difficulty.work(start.bits()));
    }

    /**
     * An index starting at a trusted header at {@code height} with the given chain work: the absolute
     * value when known, or 0 for work relative to (and excluding) the start.
     */
    public static BlockIndex fromTrustedStart(NetworkParameters params, BlockHeader start, int height,
            BigInteger chainWork) {
        if (height < 0 || chainWork.signum() < 0) {
            throw new IllegalArgumentException("height and chain work must not be negative");
        }
        return new BlockIndex(params, new HeaderSyncData(start, height, chainWork));
    }

    /**
     * Rebuilds an index from stored entries, in any order (as {@code SyncPersist.loadBlockchain} returns
     * them): the entry of lowest height is the start, and every other entry's parent must be among them.
     * When {@code preferredTip} (the stored main tip) has as much chain work as the best entry, it becomes the
     * tip, so a restart keeps the tip it had among equal-work branches; otherwise the most work wins.
     *
     * @throws IllegalArgumentException when there are no entries, several at the lowest height, or an entry
     *                                  whose parent is missing: the store is not a chain
     */
    public static BlockIndex restore(NetworkParameters params, Collection<HeaderSyncData> entries,
            Optional<Hash> preferredTip) {
        List<HeaderSyncData> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(HeaderSyncData::height));
        if (sorted.isEmpty() || (sorted.size() > 1 && sorted.get(1).height() == sorted.get(0).height())) {
            throw new IllegalArgumentException("stored headers need exactly one entry of lowest height, the start");
        }
        BlockIndex index = new BlockIndex(params, sorted.get(0));
        for (HeaderSyncData e : sorted.subList(1, sorted.size())) {
            index.add(e);
        }
        Node preferred = preferredTip.map(index.byHash::get).orElse(null);
        if (preferred != null && preferred != index.tip
                && preferred.data.chainWork().compareTo(index.tip.data.chainWork()) == 0) {
            index.reorganize(preferred);
        }
        return index;
    }

    public NetworkParameters params() {
        return params;
    }

    /** The first entry: genesis or the trusted start. Nothing before it is known. */
    public HeaderSyncData start() {
        return start.data;
    }

    public Optional<HeaderSyncData> get(Hash hash) {
        Node n = byHash.get(hash);
        return n == null ? Optional.empty() : Optional.of(n.data);
    }

    public boolean contains(Hash hash) {
        return byHash.containsKey(hash);
    }

    /** The best entry: the most chain work, the first seen among equals. */
    public HeaderSyncData tip() {
        return tip.data;
    }

    /** The number of entries, the start included. */
    public int size() {
        return byHash.size();
    }

    /** The best chain's entry at {@code height}, or empty above the tip or below the start. */
    public Optional<HeaderSyncData> mainChainAt(int height) {
        long i = (long) height - start.data.height();
        return i < 0 || i >= mainChain.size() ? Optional.empty() : Optional.of(mainChain.get((int) i).data);
    }

    public boolean isOnMainChain(HeaderSyncData entry) {
        Node n = byHash.get(entry.hash());
        return n != null && onMainChain(n);
    }

    /**
     * Adds a validated entry whose parent is in the index; an entry already present is ignored. When the
     * entry has more chain work than the tip it becomes the tip, and the change is returned.
     *
     * @throws IllegalArgumentException when the parent is unknown or the height is not the parent's + 1:
     *                                  callers ({@link HeaderChainAttacher}) guarantee both
     */
    public Optional<TipChange> add(HeaderSyncData entry) {
        Node parent = byHash.get(entry.prevHash());
        if (invalid.contains(entry.prevHash())) {
            throw new IllegalArgumentException("parent " + entry.prevHash() + " of " + entry.hash() + " is invalid");
        }
        if (parent == null) {
            if (byHash.containsKey(entry.hash())) {
                return Optional.empty(); // the start entry again
            }
            throw new IllegalArgumentException("parent " + entry.prevHash() + " of " + entry.hash() + " is not indexed");
        }
        if (entry.height() != parent.data.height() + 1) {
            throw new IllegalArgumentException("height " + entry.height() + " of " + entry.hash()
                    + " does not follow its parent's " + parent.data.height());
        }
        int rel = parent.rel + 1;
        Node node = new Node(entry, parent, ancestorNode(parent, skipHeight(rel)), rel);
        if (byHash.putIfAbsent(entry.hash(), node) != null) {
            return Optional.empty();
        }
        if (entry.chainWork().compareTo(tip.data.chainWork()) <= 0) {
            return Optional.empty();
        }
        Node oldTip = tip;
        if (parent == oldTip) {
            mainChain.add(node);
            tip = node;
            return Optional.of(new TipChange(oldTip.data, entry, oldTip.data, List.of(), List.of(entry)));
        }
        return Optional.of(reorganize(node));
    }

    /**
     * Marks the block {@code hash} and every descendant invalid, as Bitcoin Core's {@code InvalidBlockFound}
     * does when a block's body fails validation: they are never the tip again, and headers building on them
     * are rejected ({@link RejectReason#BAD_PREVBLK}). When the tip was among them, the tip moves to the
     * valid entry with the most work (among equals, the lowest hash, so every node chooses alike).
     * O(size of the index): rare.
     *
     * @return the tip change, if the tip moved
     * @throws IllegalArgumentException for an unknown hash or the start header
     */
    public Optional<TipChange> invalidate(Hash hash) {
        Node bad = byHash.get(hash);
        if (bad == null || bad.rel == 0) {
            throw new IllegalArgumentException(bad == null ? "unknown block " + hash : "the start header cannot be invalidated");
        }
        for (Node n : byHash.values()) {
            if (n.rel >= bad.rel && ancestorNode(n, bad.rel) == bad) {
                invalid.add(n.data.hash());
            }
        }
        if (!invalid.contains(tip.data.hash())) {
            return Optional.empty();
        }
        Node best = mainChain.get(bad.rel - 1);
        for (Node n : byHash.values()) {
            if (invalid.contains(n.data.hash())) {
                continue;
            }
            int c = n.data.chainWork().compareTo(best.data.chainWork());
            if (c > 0 || (c == 0 && n.data.hash().compareTo(best.data.hash()) < 0)) {
                best = n;
            }
        }
        return Optional.of(reorganize(best));
    }

    /** Whether {@code hash} is a block known to be invalid (see {@link #invalidate}). */
    public boolean isInvalid(Hash hash) {
        return invalid.contains(hash);
    }

    /** The blocks known to be invalid. */
    public Set<Hash> invalidBlocks() {
        return Collections.unmodifiableSet(invalid);
    }

    private TipChange reorganize(Node newTip) {
        ArrayDeque<Node> connected = new ArrayDeque<>();
        Node walk = newTip;
        while (!onMainChain(walk)) {
            connected.addFirst(walk);
            walk = walk.parent;
        }
        Node fork = walk;
        List<HeaderSyncData> disconnected = new ArrayList<>(mainChain.size() - 1 - fork.rel);
        for (int i = mainChain.size() - 1; i > fork.rel; i--) {
            disconnected.add(mainChain.remove(i).data);
        }
        List<HeaderSyncData> connectedData = new ArrayList<>(connected.size());
        for (Node n : connected) {
            mainChain.add(n);
            connectedData.add(n.data);
        }
        TipChange change = new TipChange(tip.data, newTip.data, fork.data, disconnected, connectedData);
        tip = newTip;
        return change;
    }

    /**
     * The change that takes a chain from tip {@code from} to tip {@code to}, both in the index: used to fold
     * several tip moves into one.
     */
    public TipChange tipChange(HeaderSyncData from, HeaderSyncData to) {
        Node a = node(from);
        Node b = node(to);
        List<HeaderSyncData> disconnected = new ArrayList<>();
        ArrayDeque<HeaderSyncData> connected = new ArrayDeque<>();
        while (a.rel > b.rel) {
            disconnected.add(a.data);
            a = a.parent;
        }
        while (b.rel > a.rel) {
            connected.addFirst(b.data);
            b = b.parent;
        }
        while (a != b) {
            disconnected.add(a.data);
            connected.addFirst(b.data);
            a = a.parent;
            b = b.parent;
        }
        return new TipChange(from, to, a.data, disconnected, new ArrayList<>(connected));
    }

    @Override
    public Optional<HeaderSyncData> ancestor(HeaderSyncData from, int height) {
        Node n = node(from);
        long rel = (long) height - start.data.height();
        if (rel < 0 || height > from.height()) {
            return Optional.empty();
        }
        return Optional.of(ancestorNode(n, (int) rel).data);
    }

    /**
     * Bitcoin Core's block locator from the tip ({@code LocatorEntries}): the newest hashes one apart, then
     * steps doubling back, ending with the start entry. Core doubles the step from the 11th entry on, after
     * it has chosen the next height, so the first 12 hashes are one apart (heights h .. h-11, then h-13,
     * h-17, h-25, ...): about log2(h) + 10 hashes. Core always ends with genesis; an index from a trusted
     * start knows nothing before its start, so it ends with the start header, which any peer on the same
     * chain knows.
     */
    public List<Hash> locator() {
        return locatorFrom(tip.data);
    }

    /** The locator from {@code from}, an entry of the index (Core's {@code LocatorEntries}). */
    public List<Hash> locatorFrom(HeaderSyncData from) {
        List<Hash> have = new ArrayList<>(32);
        Node n = node(from);
        int step = 1;
        while (true) {
            have.add(n.data.hash());
            if (n.rel == 0) {
                return have;
            }
            n = ancestorNode(n, Math.max(n.rel - step, 0));
            if (have.size() > 10) {
                step *= 2;
            }
        }
    }

    /**
     * Core's {@code FindForkInGlobalIndex}: the first locator hash that is on the best chain, or the start
     * entry when none is. Callers reject locators longer than {@link #MAX_LOCATOR_SIZE} first.
     */
    public HeaderSyncData findFork(List<Hash> locator) {
        return forkNode(locator).data;
    }

    private Node forkNode(List<Hash> locator) {
        for (Hash h : locator) {
            Node n = byHash.get(h);
            if (n != null && onMainChain(n)) {
                return n;
            }
        }
        return start;
    }

    /**
     * Answers {@code getheaders} as Core does: up to {@code max} best-chain headers after the fork point
     * {@link #findFork} finds, ending with {@code stop} when it is reached (it is included). An empty
     * locator asks for the {@code stop} header alone, returned when known. {@code max} ≤ 0 gives nothing;
     * Core uses {@link #MAX_HEADERS_RESULTS}.
     */
    public List<BlockHeader> headersAfter(List<Hash> locator, Hash stop, int max) {
        if (locator.isEmpty()) {
            Node n = byHash.get(stop);
            return n == null || max <= 0 ? List.of() : List.of(n.data.header());
        }
        List<BlockHeader> out = new ArrayList<>(Math.max(0, Math.min(max, mainChain.size())));
        for (int i = forkNode(locator).rel + 1; i < mainChain.size() && out.size() < max; i++) {
            Node n = mainChain.get(i);
            out.add(n.data.header());
            if (n.data.hash().equals(stop)) {
                break;
            }
        }
        return out;
    }

    /**
     * Answers {@code getblocks} as Core does: up to {@code max} best-chain hashes after the fork point,
     * stopping before {@code stop} (which, unlike in {@link #headersAfter}, is not included). Core uses
     * {@link #MAX_BLOCKS_RESULTS}.
     */
    public List<Hash> hashesAfter(List<Hash> locator, Hash stop, int max) {
        List<Hash> out = new ArrayList<>(Math.max(0, Math.min(max, mainChain.size())));
        for (int i = forkNode(locator).rel + 1; i < mainChain.size() && out.size() < max; i++) {
            Hash h = mainChain.get(i).data.hash();
            if (h.equals(stop)) {
                break;
            }
            out.add(h);
        }
        return out;
    }

    private Node node(HeaderSyncData entry) {
        Node n = byHash.get(Objects.requireNonNull(entry).hash());
        if (n == null) {
            throw new IllegalArgumentException(entry.hash() + " is not in this index");
        }
        return n;
    }

    private boolean onMainChain(Node n) {
        return n.rel < mainChain.size() && mainChain.get(n.rel) == n;
    }

    /**
     * Core's {@code CBlockIndex::GetAncestor} over heights relative to the start, jumping to the main-chain
     * array as soon as the walk reaches the best chain. {@code rel} must be in [0, from.rel].
     */
    private Node ancestorNode(Node from, int rel) {
        Node walk = from;
        while (walk.rel > rel) {
            if (onMainChain(walk)) {
                return mainChain.get(rel);
            }
            int heightSkip = skipHeight(walk.rel);
            int heightSkipPrev = skipHeight(walk.rel - 1);
            if (walk.skip != null && (heightSkip == rel
                    || (heightSkip > rel && !(heightSkipPrev < heightSkip - 2 && heightSkipPrev >= rel)))) {
                walk = walk.skip;
            } else {
                walk = walk.parent;
            }
        }
        return walk;
    }

    /** Core's {@code GetSkipHeight}: the height a skip pointer from {@code height} points to. */
    static int skipHeight(int height) {
        if (height < 2) {
            return 0;
        }
        return (height & 1) != 0 ? invertLowestOne(invertLowestOne(height - 1)) + 1 : invertLowestOne(height);
    }

    private static int invertLowestOne(int n) {
        return n & (n - 1);
    }

    /** One entry with its parent, its skip pointer and its height relative to the start. */
    private static final class Node {
        final HeaderSyncData data;
        final Node parent;
        final Node skip;
        final int rel;

        Node(HeaderSyncData data, Node parent, Node skip, int rel) {
            this.data = data;
            this.parent = parent;
            this.skip = skip;
            this.rel = rel;
        }
    }
}
