package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An index loaded record by record, in any order, is the index the records came from. */
class BlockIndexLoaderTest {

    @Test
    void aLoadedIndexAnswersAsTheOriginal() {
        SyntheticChain c = new SyntheticChain(BlockIndex.fromGenesis(NetworkParameters.REGTEST));
        HeaderSyncData tip = c.extend(c.start, 3000);
        HeaderSyncData fork = c.index.mainChainAt(2000).orElseThrow();
        HeaderSyncData side = c.extend(fork, 400);
        List<HeaderSyncData> all = entries(c.index, tip, side);
        for (long seed = 1; seed <= 3; seed++) {
            Collections.shuffle(all, new Random(seed));
            BlockIndexLoader loader = new BlockIndexLoader(NetworkParameters.REGTEST);
            all.forEach(loader::add);
            BlockIndex loaded = loader.finish(Optional.empty());
            assertThat(loaded.size()).isEqualTo(c.index.size());
            assertThat(loaded.start()).isEqualTo(c.index.start());
            assertThat(loaded.tip()).isEqualTo(tip);
            assertThat(loaded.locator()).isEqualTo(c.index.locator());
            assertThat(loaded.locatorFrom(side)).isEqualTo(c.index.locatorFrom(side));
            for (int h = 0; h <= 3000; h += 7) {
                assertThat(loaded.mainChainAt(h)).isEqualTo(c.index.mainChainAt(h));
                assertThat(loaded.ancestor(side, Math.min(h, side.height()))).isEqualTo(c.index.ancestor(side,
                        Math.min(h, side.height())));
            }
            assertThat(loaded.headersPayloadAfter(List.of(c.start.hash()), Hash.ZERO, 2000, 5000))
                    .isEqualTo(c.index.headersPayloadAfter(List.of(c.start.hash()), Hash.ZERO, 2000, 5000));
            // The loaded index goes on growing like any other.
            HeaderSyncData next = new SyntheticChain(loaded).extend(tip, 5);
            assertThat(loaded.tip()).isEqualTo(next);
            assertThat(loaded.ancestor(next, 2500)).isEqualTo(c.index.mainChainAt(2500));
        }
    }

    @Test
    void aStoredTipOfEqualWorkIsKept() {
        SyntheticChain c = new SyntheticChain(BlockIndex.fromGenesis(NetworkParameters.REGTEST));
        HeaderSyncData a = c.extend(c.start, 10);
        HeaderSyncData b = c.extend(c.index.mainChainAt(5).orElseThrow(), 5);
        for (HeaderSyncData preferred : List.of(a, b)) {
            BlockIndexLoader loader = new BlockIndexLoader(NetworkParameters.REGTEST);
            entries(c.index, a, b).forEach(loader::add);
            assertThat(loader.finish(Optional.of(preferred.hash())).tip()).isEqualTo(preferred);
        }
    }

    @Test
    void aTrustedStartLoadsWithItsOwnPreviousHash() {
        SyntheticChain c = new SyntheticChain(NetworkParameters.MAINNET, 80001, 1_300_000_000L, 0x1b0404cbL);
        HeaderSyncData tip = c.extend(c.start, 50);
        BlockIndexLoader loader = new BlockIndexLoader(NetworkParameters.MAINNET);
        entries(c.index, tip).forEach(loader::add);
        BlockIndex loaded = loader.finish(Optional.empty());
        assertThat(loaded.start()).isEqualTo(c.start);
        assertThat(loaded.start().header().serialize()).isEqualTo(c.start.header().serialize());
        assertThat(loaded.tip()).isEqualTo(tip);
    }

    @Test
    void aStoreThatIsNotAChainIsRefused() {
        SyntheticChain c = new SyntheticChain(BlockIndex.fromGenesis(NetworkParameters.REGTEST));
        HeaderSyncData tip = c.extend(c.start, 10);
        List<HeaderSyncData> all = entries(c.index, tip);
        all.remove(5); // a gap
        BlockIndexLoader gap = new BlockIndexLoader(NetworkParameters.REGTEST);
        all.forEach(gap::add);
        assertThatThrownBy(() -> gap.finish(Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not indexed");
        BlockIndexLoader empty = new BlockIndexLoader(NetworkParameters.REGTEST);
        assertThatThrownBy(() -> empty.finish(Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        BlockIndexLoader twice = new BlockIndexLoader(NetworkParameters.REGTEST);
        twice.add(tip);
        assertThatThrownBy(() -> twice.add(tip)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every entry on the chains ending at {@code tips}, each once. */
    private static List<HeaderSyncData> entries(BlockIndex index, HeaderSyncData... tips) {
        List<HeaderSyncData> out = new ArrayList<>();
        java.util.Set<Hash> seen = new java.util.HashSet<>();
        for (HeaderSyncData t : tips) {
            for (HeaderSyncData e = t; e != null && seen.add(e.hash()); e = index.get(e.prevHash()).orElse(null)) {
                out.add(e);
            }
        }
        return out;
    }
}
