package dev.tributary.chain.store;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a synchronized chain is kept: validated headers with their height and chain work, block bodies,
 * and two tips. The main tip is the best validated header chain; the block tip is the highest block on
 * it whose body, and every ancestor's body down to the chain's start, is stored.
 *
 * <p>Every method is atomic: after a crash at any point, {@link #loadBlockchain()} returns the state of
 * some prefix of the calls made, and that state is consistent: every header's parent is stored (except
 * the start header's), both tips name stored headers, and every block from the start to the block tip
 * has its body (but a start above genesis, a trusted checkpoint, whose body is never fetched; the block tip
 * of such a chain stays unset until a body above the start connects). Callers keep that last invariant by
 * setting the block tip only over stored bodies.
 *
 * <p>Implementations are thread-safe; Tributary calls them from its engine thread.
 */
public interface SyncPersist extends AutoCloseable {

    /** Stores validated headers in one atomic write. Headers already stored are overwritten with equal data. */
    void saveBlockchain(List<HeaderSyncData> headers);

    /** Everything stored, to rebuild the in-memory index at start-up. */
    StoredChain loadBlockchain();

    /**
     * Everything stored, with the headers handed to {@code loader} one by one instead of listed: how a node
     * opens its chain, without an object per stored header. The returned chain's header list is empty.
     * This default goes through {@link #loadBlockchain()}; stores of bytes override it.
     */
    default StoredChain loadIndex(dev.tributary.chain.BlockIndexLoader loader) {
        StoredChain all = loadBlockchain();
        all.headers().forEach(loader::add);
        return new StoredChain(List.of(), all.mainTip(), all.blockTip(), all.invalid());
    }

    /**
     * Sets the best validated header chain's tip; the header must have been saved. Tips are given as entries,
     * with their height, because a store may key its headers by height (the default layout does).
     */
    void setMainTip(HeaderSyncData newTip);

    /**
     * {@link #saveBlockchain} then {@link #setMainTip} as one atomic write: {@code newTip} is among
     * {@code headers} or stored. This default makes two writes; stores that can make one override it.
     */
    default void saveBlockchainAndSetMainTip(List<HeaderSyncData> headers, HeaderSyncData newTip) {
        saveBlockchain(headers);
        setMainTip(newTip);
    }

    /** Sets the highest block whose body and all ancestors' bodies are stored. */
    void setBlockTip(HeaderSyncData newTip);

    /**
     * Records that a stored header's block is invalid (its body failed validation), so a restart does not
     * make it, or anything built on it, the tip again. The header must have been saved.
     */
    void markInvalid(HeaderSyncData block);

    /**
     * A stored header with its height and chain work. For tools and tests: a store that keys headers by height
     * (the default layout) finds one by hash alone only by scanning them all.
     */
    Optional<HeaderSyncData> getHeaderSync(Hash hash);

    /** Stores a block body (its full serialization, witness data included) in one atomic write. */
    void saveBlock(Hash hash, byte[] serializedBlock);

    /** Stores a block body and moves the block tip in one atomic write. */
    void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, HeaderSyncData newBlockTip);

    /** A stored block body. */
    Optional<byte[]> getBlock(Hash hash);

    boolean hasBlock(Hash hash);

    /** Closes the underlying storage; further calls fail. */
    @Override
    void close();

    /**
     * What {@link #loadBlockchain()} returns: every stored header (in no particular order), the two tips
     * (empty when never set), and the blocks marked invalid.
     */
    record StoredChain(List<HeaderSyncData> headers, Optional<Hash> mainTip, Optional<Hash> blockTip,
            Set<Hash> invalid) {
        public StoredChain {
            invalid = Set.copyOf(invalid);
        }

        public StoredChain(List<HeaderSyncData> headers, Optional<Hash> mainTip, Optional<Hash> blockTip) {
            this(headers, mainTip, blockTip, Set.of());
        }

        public boolean isEmpty() {
            return headers.isEmpty();
        }
    }
}
