package dev.tributary.chain.store;

import dev.tributary.engine.Cancellable;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockIndex;
import dev.tributary.chain.BlockIndexLoader;
import dev.tributary.chain.Difficulty;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.TipChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's chain: the in-memory {@link BlockIndex} of every valid header, kept in step with its
 * {@link SyncPersist}, and two tips. The main tip is the best header chain; the block tip is the highest
 * main-chain block whose body and all its ancestors' bodies are stored (the start header when the chain
 * begins at a trusted start: nothing below it can be fetched).
 *
 * <p>Writes keep the store consistent at every step: headers are stored before a tip names them, and
 * the block tip moves only over stored bodies, in the same atomic write as the body that connects.
 *
 * <p>Engine thread only.
 */
public final class ChainState {
    private final NetworkParameters params;
    private final BlockIndex index;
    private final SyncPersist persist;
    private final List<ChainListener> listeners = new CopyOnWriteArrayList<>();
    /** Main-chain bodies stored above the block tip: the tip walks over them without reading the store. */
    private final Set<Hash> storedAboveTip = new HashSet<>();
    private HeaderSyncData blockTip;

    private ChainState(NetworkParameters params, BlockIndex index, SyncPersist persist, HeaderSyncData blockTip) {
        this.params = params;
        this.index = index;
        this.persist = persist;
        this.blockTip = blockTip;
    }

    /**
     * Opens the chain kept in {@code persist}: rebuilds the index from what is stored, or, for an empty
     * store, starts it at genesis (storing the genesis block) or at {@code start}.
     *
     * @throws IllegalStateException when the store starts elsewhere than {@code start}
     */
    public static ChainState open(NetworkParameters params, SyncPersist persist, Optional<TrustedStart> start) {
        BlockIndexLoader loader = new BlockIndexLoader(params);
        SyncPersist.StoredChain stored = persist.loadIndex(loader);
        if (loader.size() == 0) {
            return initialize(params, persist, start);
        }
        ChainState state = rebuild(params, persist, loader.finish(stored.mainTip()), stored);
        start.ifPresent(s -> {
            HeaderSyncData first = state.index.start();
            if (!first.hash().equals(s.header().hash()) || first.height() != s.height()) {
                throw new IllegalStateException("the datadir's chain starts at height " + first.height() + " ("
                        + first.hash() + "), not at the requested start height " + s.height() + " (" + s.header().hash() + ")");
            }
        });
        return state;
    }

    private static ChainState initialize(NetworkParameters params, SyncPersist persist, Optional<TrustedStart> start) {
        BlockIndex index;
        if (start.isPresent()) {
            TrustedStart s = start.get();
            index = BlockIndex.fromTrustedStart(params, s.header(), s.height(), Difficulty.work(s.header().bits()));
        } else {
            index = BlockIndex.fromGenesis(params);
        }
        HeaderSyncData first = index.start();
        persist.saveBlockchain(List.of(first));
        persist.setMainTip(first);
        if (start.isEmpty()) {
            persist.saveBlockAndSetBlockTip(first.hash(), params.genesisBlock().serialize(), first);
        }
        // A trusted start has no body (nothing at or below it is fetched), and a store sets the block tip only
        // over a stored body: the block tip stays unset, which reopening reads as the start, until the first
        // body above the start connects.
        return new ChainState(params, index, persist, first);
    }

    private static ChainState rebuild(NetworkParameters params, SyncPersist persist, BlockIndex index,
            SyncPersist.StoredChain stored) {
        for (Hash bad : stored.invalid()) {
            if (index.contains(bad) && !index.isInvalid(bad)) {
                index.invalidate(bad);
            }
        }
        HeaderSyncData blockTip = stored.blockTip().flatMap(index::get).orElse(index.start());
        ChainState state = new ChainState(params, index, persist, blockTip);
        state.pullBlockTipOntoMainChain();
        return state;
    }

    /** Tells {@code listener} of every tip move from now on, until the returned subscription is cancelled. */
    public Cancellable addListener(ChainListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public NetworkParameters params() {
        return params;
    }

    public BlockIndex index() {
        return index;
    }

    public SyncPersist persist() {
        return persist;
    }

    /** The tip of the best validated header chain. */
    public HeaderSyncData mainTip() {
        return index.tip();
    }

    /** The highest main-chain block whose body and all ancestors' bodies are stored. */
    public HeaderSyncData blockTip() {
        return blockTip;
    }

    /** Whether every main-chain block has its body. */
    public boolean blocksComplete() {
        return blockTip.hash().equals(index.tip().hash());
    }

    /**
     * Stores the headers a pass accepted and follows the tip change they caused: the main tip moves, and
     * after a reorg the block tip falls back to the fork point if it was on the abandoned branch.
     */
    public void recordHeaders(List<HeaderSyncData> accepted, Optional<TipChange> change) {
        if (change.isPresent()) {
            // The headers and the tip they make in one atomic write.
            if (accepted.isEmpty()) {
                persist.setMainTip(index.tip());
            } else {
                persist.saveBlockchainAndSetMainTip(accepted, index.tip());
            }
        } else if (!accepted.isEmpty()) {
            persist.saveBlockchain(accepted);
        }
        if (change.isPresent()) {
            pullBlockTipOntoMainChain();
            if (change.get().isReorg()) {
                // The new branch's bodies may already be stored (fetched while it was a side branch, or
                // imported): the block tip moves over them now rather than at the next download. Only after a
                // reorg: on a plain extension it would read the store for every batch of headers.
                advanceOverStoredBodies();
            }
            HeaderSyncData tip = index.tip();
            listeners.forEach(l -> l.onNewHeaderTip(tip));
        }
    }

    private void pullBlockTipOntoMainChain() {
        if (index.isOnMainChain(blockTip)) {
            return;
        }
        HeaderSyncData b = blockTip;
        while (!index.isOnMainChain(b)) {
            b = index.get(b.prevHash()).orElseThrow(() -> new IllegalStateException("block tip has no ancestor on the main chain"));
        }
        blockTip = b;
        storedAboveTip.clear();
        boolean trustedStart = b.hash().equals(index.start().hash()) && b.height() > 0;
        if (!trustedStart) {
            persist.setBlockTip(b);
        } // a trusted start has no body to be the stored block tip: reopening pulls the stored one back here again
        announceBlockTip();
    }

    /**
     * Marks a block invalid because its body failed validation (Core's {@code InvalidBlockFound}): it and
     * its descendants never become the tip again, the mark is stored, and if the tip was among them the
     * chain falls back to the best valid one, the block tip with it.
     */
    public void invalidate(HeaderSyncData block) {
        persist.markInvalid(block);
        Optional<TipChange> change = index.invalidate(block.hash());
        if (change.isPresent()) {
            persist.setMainTip(index.tip());
            pullBlockTipOntoMainChain();
            HeaderSyncData tip = index.tip();
            listeners.forEach(l -> l.onNewHeaderTip(tip));
        }
    }

    /**
     * The main-chain blocks above the block tip whose bodies are not stored, lowest first, at most
     * {@code max}. First moves the block tip over bodies stored earlier (before a restart, say).
     */
    public List<HeaderSyncData> missingBodies(int max) {
        advanceOverStoredBodies();
        List<HeaderSyncData> missing = new ArrayList<>();
        int top = index.tip().height();
        for (int h = blockTip.height() + 1; h <= top && missing.size() < max; h++) {
            HeaderSyncData e = index.mainChainAt(h).orElseThrow();
            if (storedAboveTip.contains(e.hash())) {
                continue;
            }
            if (persist.hasBlock(e.hash())) {
                storedAboveTip.add(e.hash());
            } else {
                missing.add(e);
            }
        }
        return missing;
    }

    private void advanceOverStoredBodies() {
        HeaderSyncData tip = lastStoredAfter(blockTip, true);
        if (tip != blockTip) {
            blockTip = tip;
            persist.setBlockTip(tip);
            announceBlockTip();
        }
    }

    /**
     * The last of the main-chain blocks after {@code from} whose bodies are stored without a gap
     * ({@code from} itself when the next is missing). Bodies known to the cache are taken from it (and
     * leave it); {@code readStore} also asks the store, which the download's hot path avoids.
     */
    private HeaderSyncData lastStoredAfter(HeaderSyncData from, boolean readStore) {
        HeaderSyncData last = from;
        while (true) {
            Optional<HeaderSyncData> next = index.mainChainAt(last.height() + 1);
            if (next.isEmpty()
                    || !(storedAboveTip.remove(next.get().hash()) || readStore && persist.hasBlock(next.get().hash()))) {
                return last;
            }
            last = next.get();
        }
    }

    private void announceBlockTip() {
        HeaderSyncData tip = blockTip;
        listeners.forEach(l -> l.onNewBlockTip(tip));
    }

    /** Whether the body of this block is stored. */
    public boolean hasBody(Hash hash) {
        return storedAboveTip.contains(hash) || persist.hasBlock(hash);
    }

    /**
     * Stores a downloaded body (its full serialization). When it is the next block after the block tip,
     * the tip moves over it and any stored bodies that follow, in the same atomic write.
     *
     * @return whether the block tip moved
     */
    public boolean storeBody(HeaderSyncData entry, byte[] serialized) {
        boolean connects = entry.height() == blockTip.height() + 1 && index.isOnMainChain(entry);
        if (!connects) {
            persist.saveBlock(entry.hash(), serialized);
            if (index.isOnMainChain(entry) && entry.height() > blockTip.height()) {
                storedAboveTip.add(entry.hash());
            }
            return false;
        }
        HeaderSyncData newTip = lastStoredAfter(entry, false);
        persist.saveBlockAndSetBlockTip(entry.hash(), serialized, newTip);
        blockTip = newTip;
        announceBlockTip();
        return true;
    }

    /** The chain work of the main tip, summed from the start header (included). */
    public java.math.BigInteger chainWork() {
        return index.tip().chainWork();
    }
}
