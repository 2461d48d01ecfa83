package dev.tributary.chain.store;

import dev.tributary.bytes.Hash;
import dev.tributary.bytes.Sha256;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.BlockHeader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies that a {@link SyncPersist} holds what its contract promises, for tests and for a
 * {@code status --check} command. Reads every header and every body from the start to the block tip.
 *
 * <p>Checked, each failure reported as one line naming the block:
 * <ol>
 *   <li>the chain loads: every stored value decodes (a failure here is the only problem reported);</li>
 *   <li>every header's parent is stored, except the start header's: the stored header of the lowest
 *       height (one only);</li>
 *   <li>a header's height is its parent's plus one, and its chain work is greater than its parent's;</li>
 *   <li>the main tip and the block tip, when set, are stored headers;</li>
 *   <li>every block from the block tip down to the start, along the block tip's ancestry, has a stored
 *       body whose header hashes to the block's hash, and {@code hasBlock} says so; except the start
 *       itself when it is above height 0: a chain begun at a trusted checkpoint fetches nothing at or
 *       below it.</li>
 * </ol>
 *
 * <p>Not checked: that the block tip is an ancestor of the main tip. After a reorganisation the main tip
 * moves to the new branch at once, while the block tip stays on the old one until the new branch's bodies
 * arrive; and {@code setMainTip} and {@code setBlockTip} are separate atomic calls, so a crash may fall
 * between them. The contract's invariant is the block tip's own ancestry, checked in 5. Nor are proof of
 * work, difficulty, timestamps or the exact work per block checked: that is validation, the chain's job.
 */
public final class StoreConsistencyCheck {
    private StoreConsistencyCheck() {
    }

    /** The problems found, in a stable order; empty when the store is consistent. */
    public static List<String> check(SyncPersist persist) {
        SyncPersist.StoredChain chain;
        try {
            chain = persist.loadBlockchain();
        } catch (RuntimeException e) {
            return List.of("the chain does not load: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Map<Hash, HeaderSyncData> byHash = new HashMap<>(chain.headers().size() * 2);
        for (HeaderSyncData h : chain.headers()) {
            byHash.put(h.hash(), h);
        }
        List<HeaderSyncData> sorted = new ArrayList<>(chain.headers());
        sorted.sort(Comparator.comparingInt(HeaderSyncData::height).thenComparing(HeaderSyncData::hash));
        HeaderSyncData start = sorted.isEmpty() ? null : sorted.get(0);
        for (HeaderSyncData h : sorted) {
            checkLink(h, byHash.get(h.prevHash()), h == start, problems);
        }
        checkTip("main tip", chain.mainTip(), byHash, problems);
        checkTip("block tip", chain.blockTip(), byHash, problems);
        chain.blockTip().map(byHash::get).ifPresent(tip -> checkBodies(persist, tip, start, byHash, problems));
        return problems;
    }

    private static void checkLink(HeaderSyncData h, HeaderSyncData parent, boolean isStart, List<String> problems) {
        if (parent == null) {
            if (!isStart) {
                problems.add("header " + name(h) + ": its parent " + h.prevHash() + " is not stored");
            }
            return;
        }
        if (h.height() != parent.height() + 1) {
            problems.add("header " + name(h) + ": height " + h.height() + " does not follow its parent's "
                    + parent.height());
        }
        if (h.chainWork().compareTo(parent.chainWork()) <= 0) {
            problems.add("header " + name(h) + ": chain work " + h.chainWork() + " is not above its parent's "
                    + parent.chainWork());
        }
    }

    private static void checkTip(String role, Optional<Hash> tip, Map<Hash, HeaderSyncData> byHash,
            List<String> problems) {
        if (tip.isPresent() && !byHash.containsKey(tip.get())) {
            problems.add("the " + role + " " + tip.get() + " is not a stored header");
        }
    }

    private static void checkBodies(SyncPersist persist, HeaderSyncData tip, HeaderSyncData start,
            Map<Hash, HeaderSyncData> byHash, List<String> problems) {
        int steps = 0;
        for (HeaderSyncData h = tip; h != null && steps <= byHash.size(); h = byHash.get(h.prevHash()), steps++) {
            if (h == start && h.height() > 0) {
                break; // a trusted start: its body is never fetched
            }
            Optional<byte[]> body = persist.getBlock(h.hash());
            if (body.isPresent() != persist.hasBlock(h.hash())) {
                problems.add("block " + name(h) + ": hasBlock says " + !body.isPresent() + " but getBlock "
                        + (body.isPresent() ? "finds" : "does not find") + " its body");
            }
            if (body.isEmpty()) {
                problems.add("block " + name(h) + " is at or below the block tip " + tip.hash()
                        + " but its body is not stored");
            } else if (body.get().length < BlockHeader.SIZE
                    || !Sha256.sha256d(body.get(), 0, BlockHeader.SIZE).equals(h.hash())) {
                problems.add("block " + name(h) + ": the body stored for it is another block's");
            }
        }
    }

    private static String name(HeaderSyncData h) {
        return h.height() + " (" + h.hash() + ")";
    }
}
