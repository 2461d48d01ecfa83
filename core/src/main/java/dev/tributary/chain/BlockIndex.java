package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
 * <p><b>Memory.</b> No object per entry: each header is a fixed-size record of primitive bytes
 * ({@link HeaderRecords}: hash, header fields, parent and skip record numbers, height, 128-bit chain work;
 * 108 bytes) found through an open-addressing hash table, and the best chain is an array of record numbers:
 * about 125 bytes a header, so mainnet's ~930,000 headers take about 120 MB. Entries are handed out as
 * {@link HeaderSyncData} objects made on demand; the sync's hot path ({@link HeaderChainAttacher}) works on
 * record numbers and makes none. {@link BlockIndexLoader} builds an index from a store the same way.
 *
 * <p><b>Cost.</b> Lookups by hash, main-chain ancestors and main-chain extension are O(1). Every entry
 * keeps Core's skip pointer ({@code CBlockIndex::pskip}), so ancestors on side branches take O(log n) steps.
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
    private final HeaderSyncData start;
    private final HeaderRecords records;
    /** The start's record: 0, but for an index loaded from a store, whose records come in the store's order. */
    private final int startRecord;
    /** Blocks whose body (or an ancestor's) failed validation, and their descendants. */
    private final Set<Hash> invalid = new HashSet<>();
    /** The best chain: element i is the record at height start + i. */
    private int[] mainChain = new int[1024];
    private int mainLength;
    private int tip;
    /** {@link #tip}'s entry as an object, made once per tip change. */
    /** The tip as an object; null until asked for after the tip moved by {@link #addChild}. */
    private HeaderSyncData tipData;
    /** {@link Difficulty#work} of {@link #lastBits} split into 128 bits. */
    private long lastBits = -1;
    private long lastWorkHi;
    private long lastWorkLo;

    private BlockIndex(NetworkParameters params, HeaderSyncData startEntry) {
        this.params = params;
        this.start = startEntry;
        this.records = new HeaderRecords(startEntry.prevHash());
        long[] work = HeaderRecords.split(startEntry.chainWork());
        records.add(startEntry.header(), -1, -1, 0, work[0], work[1]);
        this.startRecord = 0;
        mainChain[0] = 0;
        mainLength = 1;
        tip = 0;
        tipData = startEntry;
    }

    /**
     * An index over loaded records ({@link BlockIndexLoader}) whose links are set only up to the start: the
     * loader links the rest in height order with {@link #linkLoaded}, then calls {@link #finishLoad}.
     */
    BlockIndex(NetworkParameters params, HeaderRecords records, int startRecord, int startHeight) {
        this.params = params;
        this.records = records;
        this.startRecord = startRecord;
        this.start = new HeaderSyncData(records.header(startRecord), startHeight, records.work(startRecord));
        mainChain[0] = startRecord;
        mainLength = 1;
        tip = startRecord;
        tipData = start;
    }

    /** Links a loaded record to its parent, which is linked already. */
    void linkLoaded(int record, int parent) {
        int rel = records.rel(parent) + 1;
        records.link(record, parent, ancestorRecord(parent, skipHeight(rel)), rel);
    }

    /** Ends a load: {@code best} becomes the tip (the best chain is laid out), then the preferred tip if as good. */
    void finishLoad(int best, Optional<Hash> preferredTip) {
        int rel = records.rel(best);
        mainChain = new int[Math.max(1024, rel + 1 + rel / 8)];
        for (int i = best; i >= 0; i = records.prev(i)) {
            mainChain[records.rel(i)] = i;
        }
        mainLength = rel + 1;
        tip = best;
        tipData = best == startRecord ? start : HeaderSyncData.ofWork(records.header(best), start.height() + rel, records.workHi(best), records.workLo(best));
        preferTip(preferredTip);
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
        index.preferTip(preferredTip);
        return index;
    }

    /** Makes {@code preferredTip} the tip when it has as much work as the tip (restoring a stored tip). */
    private void preferTip(Optional<Hash> preferredTip) {
        int preferred = preferredTip.map(records::find).orElse(-1);
        if (preferred >= 0 && preferred != tip && records.compareWork(preferred, tip) == 0) {
            reorganize(preferred);
        }
    }

    public NetworkParameters params() {
        return params;
    }

    /** The first entry: genesis or the trusted start. Nothing before it is known. */
    public HeaderSyncData start() {
        return start;
    }

    public Optional<HeaderSyncData> get(Hash hash) {
        int i = records.find(hash);
        return i < 0 ? Optional.empty() : Optional.of(data(i));
    }

    public boolean contains(Hash hash) {
        return records.find(hash) >= 0;
    }

    /** The best entry: the most chain work, the first seen among equals. */
    public HeaderSyncData tip() {
        return tipData();
    }

    /** The number of entries, the start included. */
    public int size() {
        return records.size();
    }

    /** Heap bytes the entries take (records and hash table); the best-chain array and the objects aside. */
    public long recordBytes() {
        return records.heapBytes();
    }

    /** The best chain's entry at {@code height}, or empty above the tip or below the start. */
    public Optional<HeaderSyncData> mainChainAt(int height) {
        long i = (long) height - start.height();
        return i < 0 || i >= mainLength ? Optional.empty() : Optional.of(data(mainChain[(int) i]));
    }

    public boolean isOnMainChain(HeaderSyncData entry) {
        int i = records.find(entry.hash());
        return i >= 0 && onMainChain(i);
    }

    /**
     * Adds a validated entry whose parent is in the index; an entry already present is ignored. When the
     * entry has more chain work than the tip it becomes the tip, and the change is returned.
     *
     * @throws IllegalArgumentException when the parent is unknown or the height is not the parent's + 1:
     *                                  callers ({@link HeaderChainAttacher}) guarantee both
     */
    public Optional<TipChange> add(HeaderSyncData entry) {
        if (!invalid.isEmpty() && invalid.contains(entry.prevHash())) {
            throw new IllegalArgumentException("parent " + entry.prevHash() + " of " + entry.hash() + " is invalid");
        }
        int parent = records.find(entry.prevHash());
        if (parent < 0) {
            if (contains(entry.hash())) {
                return Optional.empty(); // the start entry again
            }
            throw new IllegalArgumentException("parent " + entry.prevHash() + " of " + entry.hash() + " is not indexed");
        }
        if (entry.height() != start.height() + records.rel(parent) + 1) {
            throw new IllegalArgumentException("height " + entry.height() + " of " + entry.hash()
                    + " does not follow its parent's " + (start.height() + records.rel(parent)));
        }
        if (contains(entry.hash())) {
            return Optional.empty();
        }
        long[] work = HeaderRecords.split(entry.chainWork());
        int oldTip = tip;
        HeaderSyncData oldTipData = tipData();
        int added = append(entry.header(), parent, work[0], work[1], entry);
        if (tip == oldTip) {
            return Optional.empty();
        }
        if (records.prev(added) == oldTip) {
            return Optional.of(new TipChange(oldTipData, entry, oldTipData, List.of(), List.of(entry)));
        }
        return Optional.of(tipChange(oldTipData, entry));
    }

    /**
     * Adds a validated header as the child of record {@code parent}, its chain work the parent's plus the
     * header's own, and moves the tip when it has more work: the hot path of header sync, which builds no
     * object for the entry. The header must not be indexed yet.
     *
     * @return the new record's number
     */
    int addChild(BlockHeader header, int parent) {
        return addChild(HeaderList.of(List.of(header)), 0, parent);
    }

    /** {@link #addChild(BlockHeader, int)} for header {@code h} of {@code headers}, from its bytes. */
    int addChild(HeaderList headers, int h, int parent) {
        long bits = headers.bits(h);
        if (bits != lastBits) {
            long[] w = HeaderRecords.split(Difficulty.work(bits));
            lastWorkHi = w[0];
            lastWorkLo = w[1];
            lastBits = bits;
        }
        long lo = records.workLo(parent) + lastWorkLo;
        long carry = Long.compareUnsigned(lo, lastWorkLo) < 0 ? 1 : 0;
        long hi = records.workHi(parent) + lastWorkHi + carry;
        if (Long.compareUnsigned(hi, records.workHi(parent)) < 0) {
            throw new IllegalArgumentException("chain work of " + headers.hash(h) + " overflows 128 bits");
        }
        int rel = records.rel(parent) + 1;
        int i = records.add(headers, h, parent, ancestorRecord(parent, skipHeight(rel)), rel, hi, lo);
        follow(i, parent, null);
        return i;
    }

    /** Appends a record and follows the tip; {@code entry} is the object form when the caller has it. */
    private int append(BlockHeader header, int parent, long workHi, long workLo, HeaderSyncData entry) {
        int rel = records.rel(parent) + 1;
        int i = records.add(header, parent, ancestorRecord(parent, skipHeight(rel)), rel, workHi, workLo);
        follow(i, parent, entry);
        return i;
    }

    /** Makes record {@code i}, just appended as {@code parent}'s child, the tip when it has more work. */
    private void follow(int i, int parent, HeaderSyncData entry) {
        if (records.compareWork(i, tip) > 0) {
            if (parent == tip) {
                push(i);
                tip = i;
                tipData = entry; // null on the hot path: made when asked for
            } else {
                reorganize(i);
            }
        }
    }

    /** The tip's record number. */
    int tipRecord() {
        return tip;
    }

    /** The height of record {@code i}. */
    int height(int i) {
        return start.height() + records.rel(i);
    }

    /** The tip as an object, made from its record when the hot path left it out. */
    private HeaderSyncData tipData() {
        if (tipData == null) {
            tipData = HeaderSyncData.ofWork(records.header(tip), start.height() + records.rel(tip), records.workHi(tip),
                    records.workLo(tip));
        }
        return tipData;
    }

    private void push(int record) {
        if (mainLength == mainChain.length) {
            mainChain = Arrays.copyOf(mainChain, mainLength * 2);
        }
        mainChain[mainLength++] = record;
    }

    /** Record number of {@code hash}, or -1: for the attacher. */
    int recordOf(Hash hash) {
        return records.find(hash);
    }

    /** The entry of record {@code i} as an object. */
    HeaderSyncData data(int i) {
        if (i == startRecord) {
            return start;
        }
        if (i == tip) {
            return tipData();
        }
        return HeaderSyncData.ofWork(records.header(i), start.height() + records.rel(i), records.workHi(i), records.workLo(i));
    }

    HeaderRecords records() {
        return records;
    }

    /** Whether any block is known to be invalid; when not, the attacher skips looking. */
    boolean hasInvalid() {
        return !invalid.isEmpty();
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
        int bad = records.find(hash);
        if (bad < 0 || bad == startRecord) {
            throw new IllegalArgumentException(bad < 0 ? "unknown block " + hash : "the start header cannot be invalidated");
        }
        int badRel = records.rel(bad);
        int n = records.size();
        boolean[] isInvalid = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (invalid.contains(records.hash(i))) {
                isInvalid[i] = true;
            } else if (records.rel(i) >= badRel && ancestorRecord(i, badRel) == bad) {
                isInvalid[i] = true;
                invalid.add(records.hash(i));
            }
        }
        if (!isInvalid[tip]) {
            return Optional.empty();
        }
        HeaderSyncData oldTip = tipData();
        int best = mainChain[badRel - 1];
        for (int i = 0; i < n; i++) {
            if (isInvalid[i]) {
                continue;
            }
            int c = records.compareWork(i, best);
            if (c > 0 || (c == 0 && records.hash(i).compareTo(records.hash(best)) < 0)) {
                best = i;
            }
        }
        reorganize(best);
        return Optional.of(tipChange(oldTip, tipData()));
    }

    /** Whether {@code hash} is a block known to be invalid (see {@link #invalidate}). */
    public boolean isInvalid(Hash hash) {
        return !invalid.isEmpty() && invalid.contains(hash);
    }

    /** The blocks known to be invalid. */
    public Set<Hash> invalidBlocks() {
        return Collections.unmodifiableSet(invalid);
    }

    /** Makes {@code newTip} the tip, rewriting the best chain from the fork point. */
    private void reorganize(int newTip) {
        int newRel = records.rel(newTip);
        int walk = newTip;
        while (!onMainChain(walk)) {
            walk = records.prev(walk);
        }
        int forkRel = records.rel(walk);
        mainLength = forkRel + 1;
        if (newRel >= mainChain.length) {
            mainChain = Arrays.copyOf(mainChain, Math.max(newRel + 1, mainChain.length * 2));
        }
        for (int i = newTip; records.rel(i) > forkRel; i = records.prev(i)) {
            mainChain[records.rel(i)] = i;
        }
        mainLength = newRel + 1;
        tip = newTip;
        tipData = HeaderSyncData.ofWork(records.header(newTip), start.height() + newRel, records.workHi(newTip), records.workLo(newTip));
    }

    /**
     * The change that takes a chain from tip {@code from} to tip {@code to}, both in the index: used to fold
     * several tip moves into one.
     */
    public TipChange tipChange(HeaderSyncData from, HeaderSyncData to) {
        int fromRecord = record(from);
        int toRecord = record(to);
        int a = fromRecord;
        int b = toRecord;
        List<HeaderSyncData> disconnected = new ArrayList<>();
        ArrayDeque<HeaderSyncData> connected = new ArrayDeque<>();
        while (records.rel(a) > records.rel(b)) {
            disconnected.add(a == fromRecord ? from : data(a));
            a = records.prev(a);
        }
        while (records.rel(b) > records.rel(a)) {
            connected.addFirst(b == toRecord ? to : data(b));
            b = records.prev(b);
        }
        while (a != b) {
            disconnected.add(data(a));
            connected.addFirst(data(b));
            a = records.prev(a);
            b = records.prev(b);
        }
        return new TipChange(from, to, data(a), disconnected, new ArrayList<>(connected));
    }

    @Override
    public Optional<HeaderSyncData> ancestor(HeaderSyncData from, int height) {
        int n = record(from);
        long rel = (long) height - start.height();
        if (rel < 0 || height > from.height()) {
            return Optional.empty();
        }
        return Optional.of(data(ancestorRecord(n, (int) rel)));
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
        return locatorFrom(tipData());
    }

    /** The locator from {@code from}, an entry of the index (Core's {@code LocatorEntries}). */
    public List<Hash> locatorFrom(HeaderSyncData from) {
        List<Hash> have = new ArrayList<>(32);
        int n = record(from);
        int step = 1;
        while (true) {
            have.add(records.hash(n));
            int rel = records.rel(n);
            if (rel == 0) {
                return have;
            }
            n = ancestorRecord(n, Math.max(rel - step, 0));
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
        return data(forkRecord(locator));
    }

    private int forkRecord(List<Hash> locator) {
        for (Hash h : locator) {
            int n = records.find(h);
            if (n >= 0 && onMainChain(n)) {
                return n;
            }
        }
        return startRecord;
    }

    /**
     * Answers {@code getheaders} as Core does: up to {@code max} best-chain headers after the fork point
     * {@link #findFork} finds, ending with {@code stop} when it is reached (it is included). An empty
     * locator asks for the {@code stop} header alone, returned when known. {@code max} ≤ 0 gives nothing;
     * Core uses {@link #MAX_HEADERS_RESULTS}.
     */
    public List<BlockHeader> headersAfter(List<Hash> locator, Hash stop, int max) {
        if (locator.isEmpty()) {
            int n = records.find(stop);
            return n < 0 || max <= 0 ? List.of() : List.of(records.header(n));
        }
        List<BlockHeader> out = new ArrayList<>(Math.max(0, Math.min(max, mainLength)));
        for (int i = records.rel(forkRecord(locator)) + 1; i < mainLength && out.size() < max; i++) {
            int n = mainChain[i];
            out.add(records.header(n));
            if (records.hashEquals(n, stop)) {
                break;
            }
        }
        return out;
    }

    /**
     * The same answer as {@link #headersAfter}, at most {@code maxHeight} high, as the payload of a
     * {@code headers} message (varint count, then each header's 80 bytes and a zero transaction count),
     * written straight from the records: no header object is made.
     */
    public byte[] headersPayloadAfter(List<Hash> locator, Hash stop, int max, int maxHeight) {
        int first;
        int last;
        if (locator.isEmpty()) {
            int n = records.find(stop);
            if (n < 0 || max <= 0 || start.height() + records.rel(n) > maxHeight) {
                return new byte[] {0};
            }
            byte[] out = new byte[1 + BlockHeader.SIZE + 1];
            out[0] = 1;
            records.writeHeader(n, out, 1);
            return out;
        }
        first = records.rel(forkRecord(locator)) + 1;
        last = Math.min(mainLength - 1, (int) Math.min(Integer.MAX_VALUE, (long) first + max - 1));
        last = (int) Math.min(last, (long) maxHeight - start.height());
        for (int i = first; i <= last; i++) {
            if (records.hashEquals(mainChain[i], stop)) {
                last = i;
                break;
            }
        }
        int count = Math.max(0, last - first + 1);
        int prefix = count < 0xfd ? 1 : 3;
        byte[] out = new byte[prefix + count * (BlockHeader.SIZE + 1)];
        if (prefix == 1) {
            out[0] = (byte) count;
        } else {
            out[0] = (byte) 0xfd;
            out[1] = (byte) count;
            out[2] = (byte) (count >>> 8);
        }
        int o = prefix;
        for (int i = 0; i < count; i++) {
            records.writeHeader(mainChain[first + i], out, o);
            o += BlockHeader.SIZE + 1; // the transaction count after each header stays 0
        }
        return out;
    }

    /**
     * Answers {@code getblocks} as Core does: up to {@code max} best-chain hashes after the fork point,
     * stopping before {@code stop} (which, unlike in {@link #headersAfter}, is not included). Core uses
     * {@link #MAX_BLOCKS_RESULTS}.
     */
    public List<Hash> hashesAfter(List<Hash> locator, Hash stop, int max) {
        List<Hash> out = new ArrayList<>(Math.max(0, Math.min(max, mainLength)));
        for (int i = records.rel(forkRecord(locator)) + 1; i < mainLength && out.size() < max; i++) {
            if (records.hashEquals(mainChain[i], stop)) {
                break;
            }
            out.add(records.hash(mainChain[i]));
        }
        return out;
    }

    private int record(HeaderSyncData entry) {
        int n = records.find(Objects.requireNonNull(entry).hash());
        if (n < 0) {
            throw new IllegalArgumentException(entry.hash() + " is not in this index");
        }
        return n;
    }

    boolean onMainChain(int record) {
        int rel = records.rel(record);
        return rel < mainLength && mainChain[rel] == record;
    }

    /**
     * Core's {@code CBlockIndex::GetAncestor} over heights relative to the start, jumping to the main-chain
     * array as soon as the walk reaches the best chain. {@code rel} must be in [0, from's].
     */
    int ancestorRecord(int from, int rel) {
        int walk = from;
        int walkRel = records.rel(walk);
        while (walkRel > rel) {
            if (onMainChain(walk)) {
                return mainChain[rel];
            }
            int heightSkip = skipHeight(walkRel);
            int heightSkipPrev = skipHeight(walkRel - 1);
            int skip = records.skip(walk);
            if (skip >= 0 && (heightSkip == rel
                    || (heightSkip > rel && !(heightSkipPrev < heightSkip - 2 && heightSkipPrev >= rel)))) {
                walk = skip;
            } else {
                walk = records.prev(walk);
            }
            walkRel = records.rel(walk);
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
}
