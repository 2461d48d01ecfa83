package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A million headers in the index: correctness at that size, with the add rate printed for the record (no
 * assertion on time; the benchmark figure goes in the report, not in a test that could flake).
 */
class BlockIndexScaleTest {
    private static final int COUNT = 1_000_000;

    @Test
    void aMillionHeadersOnTheMainChainAndALongSideBranch() {
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.REGTEST);
        List<HeaderSyncData> entries = linkedEntries(index.start(), COUNT, 0);
        // A first, cold round (JIT still compiling), then the measured round into a fresh index.
        addAll(BlockIndex.fromGenesis(NetworkParameters.REGTEST), entries, "cold");
        addAll(index, entries, "warm");

        assertThat(index.size()).isEqualTo(COUNT + 1);
        assertThat(index.tip()).isEqualTo(entries.get(COUNT - 1));
        assertThat(index.mainChainAt(777_777)).contains(entries.get(777_776));
        assertThat(index.locator()).hasSize(31); // Core's LocatorEntries at height 1,000,000 (checked in Python)

        // A side branch of 200,000 from height 500,000: not the tip (less work), ancestors via skip pointers.
        List<HeaderSyncData> side = linkedEntries(entries.get(499_999), 200_000, 1);
        for (HeaderSyncData e : side) {
            assertThat(index.add(e)).isEmpty();
        }
        HeaderSyncData sideTip = side.get(side.size() - 1);
        long t1 = System.nanoTime();
        for (int h = 0; h <= sideTip.height(); h += 997) {
            HeaderSyncData expected = h <= 500_000 ? index.mainChainAt(h).orElseThrow() : side.get(h - 500_001);
            assertThat(index.ancestor(sideTip, h)).contains(expected);
        }
        System.out.printf("BlockIndex: %d side-branch ancestor lookups in %.1f ms%n", sideTip.height() / 997 + 1,
                (System.nanoTime() - t1) / 1e6);
        List<Hash> sideLocator = index.locatorFrom(sideTip);
        assertThat(sideLocator).hasSize(31); // height 700,000 (checked in Python)
        // The fork found is the first locator entry on the main chain: at or below the branch point.
        HeaderSyncData fork = index.findFork(sideLocator);
        assertThat(fork.height()).isLessThanOrEqualTo(500_000).isGreaterThan(400_000);
        assertThat(index.ancestor(sideTip, fork.height())).contains(fork);
        assertThat(sideLocator.subList(0, sideLocator.indexOf(fork.hash())))
                .allMatch(h -> !index.isOnMainChain(index.get(h).orElseThrow()));
    }

    private static void addAll(BlockIndex index, List<HeaderSyncData> entries, String label) {
        long t0 = System.nanoTime();
        for (HeaderSyncData e : entries) {
            index.add(e);
        }
        long elapsed = System.nanoTime() - t0;
        System.out.printf("BlockIndex (%s): %d main-chain adds in %.1f ms = %.0f headers/s%n", label, entries.size(),
                elapsed / 1e6, entries.size() / (elapsed / 1e9));
    }

    /** {@code n} entries in a row on {@code parent}, equal work each; {@code salt} keeps branches apart. */
    private static List<HeaderSyncData> linkedEntries(HeaderSyncData parent, int n, int salt) {
        List<HeaderSyncData> out = new ArrayList<>(n);
        BigInteger work = Difficulty.work(0x207fffffL);
        HeaderSyncData prev = parent;
        Hash merkle = Hash.ZERO;
        for (int i = 0; i < n; i++) {
            BlockHeader h = new BlockHeader(4, prev.hash(), merkle, prev.header().time() + 1, 0x207fffffL, salt);
            prev = new HeaderSyncData(h, prev.height() + 1, prev.chainWork().add(work));
            out.add(prev);
        }
        return out;
    }
}
