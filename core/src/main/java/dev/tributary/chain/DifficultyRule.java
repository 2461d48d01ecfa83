package dev.tributary.chain;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bits a header must carry on one network: Bitcoin Core's {@code GetNextWorkRequired} and
 * {@code CalculateNextWorkRequired} ({@code pow.cpp}).
 *
 * <ul>
 *   <li>At a height that is a multiple of {@link NetworkParameters#retargetInterval()} (2016), the target is
 *       retargeted: actual timespan = time(h-1) - time(h-2016), clamped to [timespan/4, timespan×4]; new
 *       target = old target × actual / timespan, capped at the pow limit, in compact form. The old target is
 *       the parent's; with BIP 94 (testnet4) it is that of the period's first block, h-2016, which the
 *       20-minute rule cannot lower. With {@code noRetargeting} (regtest) the parent's bits are kept.</li>
 *   <li>Between retargets the bits are the parent's, except on networks that allow minimum-difficulty
 *       blocks (the testnet "20-minute rule"): a header more than twice the target spacing after its parent
 *       may use the pow limit's bits; otherwise it must use the bits of the nearest ancestor that is a
 *       retarget boundary or does not carry the pow limit's bits.</li>
 * </ul>
 *
 * <p><b>Chains from a trusted start.</b> When the history the rule needs lies before the chain's start,
 * the exact bits cannot be recomputed. For a retarget, any target permitted by Core's
 * {@code PermittedDifficultyTransition} is accepted: within [parent target / 4, parent target × 4] (each
 * bound computed and compact-rounded as a retarget would) and at most the pow limit; on networks with
 * minimum-difficulty blocks, where Core's function permits any transition, any target up to the pow
 * limit. The same permissive range applies when the 20-minute walk back reaches the start. Every retarget
 * whose period starts at or after the start header is checked exactly.
 */
public final class DifficultyRule {
    // Not thread-safe (it memoizes); each validator or miner has its own.
    private static final BigInteger MASK_256 = Difficulty.TWO_256.subtract(BigInteger.ONE);

    private final NetworkParameters params;

    public DifficultyRule(NetworkParameters params) {
        this.params = params;
    }

    public NetworkParameters params() {
        return params;
    }

    /**
     * The bits {@code header}, a child of {@code parent}, must carry; when they cannot be recomputed exactly
     * (see the class comment), a representative permitted value. Use {@link #expectation} to check.
     */
    public long expectedBits(HeaderSyncData parent, BlockHeader header, AncestorLookup chain) {
        return expectation(parent, header, chain).bits();
    }

    /** What the bits of {@code header}, a child of {@code parent}, must be. */
    public ExpectedBits expectation(HeaderSyncData parent, BlockHeader header, AncestorLookup chain) {
        int height = parent.height() + 1;
        if (height % params.retargetInterval() != 0) {
            return betweenRetargets(parent, header, chain);
        }
        return atRetarget(parent, height, chain);
    }

    /**
     * Memo of the min-difficulty walk-back: for a block, the bits its walk ended on. A child's walk starts
     * at its parent, which was the previous header's starting point, so a chain of min-difficulty blocks
     * costs one step per header instead of up to 2,016 (Core follows pprev pointers; we follow hashes).
     */
    private final Map<Hash, Long> lastRealBits = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Long> eldest) {
            return size() > 4096;
        }
    };

    private ExpectedBits betweenRetargets(HeaderSyncData parent, BlockHeader header, AncestorLookup chain) {
        long parentBits = parent.header().bits();
        if (!params.allowMinDifficultyBlocks()) {
            return ExpectedBits.exactly(parentBits);
        }
        long powLimitBits = params.powLimitBits();
        if (header.time() > parent.header().time() + 2 * params.targetSpacingSeconds()) {
            return ExpectedBits.exactly(powLimitBits);
        }
        HeaderSyncData walk = parent;
        Long known = null;
        while (walk.height() % params.retargetInterval() != 0 && walk.header().bits() == powLimitBits) {
            known = lastRealBits.get(walk.hash());
            if (known != null) {
                break;
            }
            Optional<HeaderSyncData> previous = chain.ancestor(walk, walk.height() - 1);
            if (previous.isEmpty()) {
                // The walk reached a trusted start: the last real difficulty lies before it.
                return ExpectedBits.within(powLimitBits, BigInteger.ONE, params.powLimit());
            }
            walk = previous.get();
        }
        long bits = known != null ? known : walk.header().bits();
        lastRealBits.put(parent.hash(), bits);
        return ExpectedBits.exactly(bits);
    }

    private ExpectedBits atRetarget(HeaderSyncData parent, int height, AncestorLookup chain) {
        long parentBits = parent.header().bits();
        if (params.noRetargeting()) {
            return ExpectedBits.exactly(parentBits);
        }
        Optional<HeaderSyncData> first = chain.ancestor(parent, height - params.retargetInterval());
        if (first.isEmpty()) {
            return permittedTransition(parentBits);
        }
        long oldBits = params.enforceBip94() ? first.get().header().bits() : parentBits;
        return ExpectedBits.exactly(retargetBits(oldBits, first.get().header().time(), parent.header().time(), params));
    }

    /** Core's {@code PermittedDifficultyTransition} at a retarget, for a period whose start is unknown. */
    private ExpectedBits permittedTransition(long parentBits) {
        if (params.allowMinDifficultyBlocks()) {
            return ExpectedBits.within(parentBits, BigInteger.ONE, params.powLimit());
        }
        long timespan = params.targetTimespanSeconds();
        long largest = retargetBits(parentBits, 0, timespan * 4, params);
        long smallest = retargetBits(parentBits, 0, timespan / 4, params);
        return ExpectedBits.within(parentBits, Difficulty.decodeCompact(smallest), Difficulty.decodeCompact(largest));
    }

    /**
     * Core's {@code PermittedDifficultyTransition}: whether a header at {@code height} may carry {@code newBits}
     * after a parent with {@code oldBits}, knowing nothing else of the chain. Always on networks with
     * minimum-difficulty blocks; between retargets only the same bits; at a retarget a target within what a
     * timespan of [timespan/4, timespan×4] gives (each bound compact-rounded as a retarget would).
     */
    public static boolean permittedTransition(NetworkParameters p, int height, long oldBits, long newBits) {
        if (p.allowMinDifficultyBlocks()) {
            return true;
        }
        if (height % p.retargetInterval() != 0 || p.noRetargeting()) {
            return oldBits == newBits;
        }
        long timespan = p.targetTimespanSeconds();
        BigInteger observed = Difficulty.decodeCompact(newBits);
        BigInteger largest = Difficulty.decodeCompact(retargetBits(oldBits, 0, timespan * 4, p));
        BigInteger smallest = Difficulty.decodeCompact(retargetBits(oldBits, 0, timespan / 4, p));
        return observed.compareTo(largest) <= 0 && observed.compareTo(smallest) >= 0;
    }

    /**
     * Core's {@code CalculateNextWorkRequired}: the bits after a retarget from {@code oldBits}, for a period
     * whose first block has time {@code firstBlockTime} and whose last block (the new block's parent) has
     * time {@code lastBlockTime}. The timespan is clamped to [timespan/4, timespan×4], the product is
     * computed modulo 2^256 like Core's {@code arith_uint256}, and the result is capped at the pow limit.
     * With {@code noRetargeting} it returns {@code oldBits}.
     */
    public static long retargetBits(long oldBits, long firstBlockTime, long lastBlockTime, NetworkParameters p) {
        if (p.noRetargeting()) {
            return oldBits;
        }
        long timespan = p.targetTimespanSeconds();
        long actual = Math.max(timespan / 4, Math.min(timespan * 4, lastBlockTime - firstBlockTime));
        BigInteger target = Difficulty.decodeCompact(oldBits).multiply(BigInteger.valueOf(actual)).and(MASK_256)
                .divide(BigInteger.valueOf(timespan));
        if (target.compareTo(p.powLimit()) > 0) {
            target = p.powLimit();
        }
        return Difficulty.encodeCompact(target);
    }
}
