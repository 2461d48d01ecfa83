package dev.tributary.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.message.HeadersMessage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockIndexTest {

    private static SyntheticChain fromGenesis() {
        return new SyntheticChain(BlockIndex.fromGenesis(NetworkParameters.REGTEST));
    }

    @Test
    void startsWithGenesisAsTipAndItsOwnWork() {
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.tip()).isEqualTo(index.start());
        assertThat(index.start().hash()).isEqualTo(NetworkParameters.MAINNET.genesisHash());
        assertThat(index.start().chainWork()).isEqualTo(BigInteger.valueOf(4295032833L));
        assertThat(index.contains(NetworkParameters.MAINNET.genesisHash())).isTrue();
        assertThat(index.mainChainAt(0)).contains(index.start());
        assertThat(index.mainChainAt(1)).isEmpty();
        assertThat(index.mainChainAt(-1)).isEmpty();
    }

    @Test
    void aTrustedStartCountsItsOwnWorkByDefault() {
        BlockHeader h = new BlockHeader(4, Hash.ZERO, Hash.ZERO, 1, 0x1d00ffffL, 0);
        assertThat(BlockIndex.fromTrustedStart(NetworkParameters.MAINNET, h, 80001).start().chainWork())
                .isEqualTo(BigInteger.valueOf(4295032833L));
        assertThat(BlockIndex.fromTrustedStart(NetworkParameters.MAINNET, h, 80001, BigInteger.ZERO).start().chainWork())
                .isZero();
        assertThat(BlockIndex.fromTrustedStart(NetworkParameters.MAINNET, h, 80001).mainChainAt(80001)).isPresent();
    }

    @ParameterizedTest(name = "height {0}: {1} hashes")
    @CsvSource({"0, 1", "1, 2", "10, 11", "11, 12", "100, 18", "10000, 25"})
    void locatorSizesFollowCoresRule(int height, int size) {
        SyntheticChain c = fromGenesis();
        c.extend(c.start, height);
        List<Hash> locator = c.index.locator();
        assertThat(locator).hasSize(size);
        assertThat(locator.get(0)).isEqualTo(c.index.tip().hash());
        assertThat(locator.get(locator.size() - 1)).isEqualTo(NetworkParameters.REGTEST.genesisHash());
        assertThat(size).isBetween((int) (Math.log(Math.max(1, height)) / Math.log(2)), (int) (Math.log(height + 1) / Math.log(2)) + 12);
    }

    @Test
    void locatorHeightsAreOneApartThenDoubling() {
        // Core's LocatorEntries doubles the step after the 11th entry, once the 12th height is chosen:
        // twelve hashes one apart, then gaps of 2, 4, 8, ...; values from a Python transcription of it.
        SyntheticChain c = fromGenesis();
        c.extend(c.start, 100);
        assertThat(heights(c.index, c.index.locator()))
                .containsExactly(100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 87, 83, 75, 59, 27, 0);
    }

    @Test
    void locatorFromATrustedStartEndsWithTheStart() {
        SyntheticChain c = new SyntheticChain(NetworkParameters.MAINNET, 80001, 1_300_000_000L, 0x1b0404cbL);
        c.extend(c.start, 100);
        List<Hash> locator = c.index.locator();
        assertThat(heights(c.index, locator)).containsExactly(80101, 80100, 80099, 80098, 80097, 80096, 80095, 80094,
                80093, 80092, 80091, 80090, 80088, 80084, 80076, 80060, 80028, 80001);
        assertThat(locator.get(locator.size() - 1)).isEqualTo(c.start.hash());
    }

    @Test
    void locatorFromASideBranchWalksThatBranch() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData fork = c.extend(c.start, 50);
        c.extend(fork, 50);
        HeaderSyncData side = c.extend(fork, 30); // height 80, not best
        List<Hash> locator = c.index.locatorFrom(side);
        assertThat(locator.get(0)).isEqualTo(side.hash());
        assertThat(c.index.isOnMainChain(side)).isFalse();
        for (Hash h : locator) {
            HeaderSyncData e = c.index.get(h).orElseThrow();
            assertThat(c.index.ancestor(side, e.height())).contains(e);
        }
    }

    @Test
    void findForkReturnsTheFirstLocatorHashOnTheMainChainElseTheStart() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData fork = c.extend(c.start, 20);
        c.extend(fork, 10);
        HeaderSyncData side = c.extend(fork, 5);
        Hash unknown = Hash.fromDisplayHex("00000000000000000000000000000000000000000000000000000000000000aa");

        assertThat(c.index.findFork(c.index.locatorFrom(side))).isEqualTo(fork);
        assertThat(c.index.findFork(List.of(unknown, c.index.mainChainAt(7).orElseThrow().hash())))
                .isEqualTo(c.index.mainChainAt(7).orElseThrow());
        assertThat(c.index.findFork(List.of(unknown))).isEqualTo(c.index.start());
        assertThat(c.index.findFork(List.of())).isEqualTo(c.index.start());
    }

    @Test
    void headersAfterServesGetheadersAsCoreDoes() {
        SyntheticChain c = fromGenesis();
        c.extend(c.start, 30);
        BlockIndex index = c.index;
        Hash unknown = Hash.fromDisplayHex("00000000000000000000000000000000000000000000000000000000000000aa");

        List<BlockHeader> fromNothing = index.headersAfter(List.of(unknown), Hash.ZERO, 2000);
        assertThat(fromNothing).hasSize(30);
        assertThat(fromNothing.get(0)).isEqualTo(index.mainChainAt(1).orElseThrow().header());

        List<BlockHeader> after10 = index.headersAfter(List.of(index.mainChainAt(10).orElseThrow().hash()), Hash.ZERO, 2000);
        assertThat(after10).hasSize(20);
        assertThat(after10.get(0)).isEqualTo(index.mainChainAt(11).orElseThrow().header());

        Hash stop = index.mainChainAt(15).orElseThrow().hash();
        List<BlockHeader> stopped = index.headersAfter(List.of(index.mainChainAt(10).orElseThrow().hash()), stop, 2000);
        assertThat(stopped).hasSize(5);
        assertThat(stopped.get(4).hash()).isEqualTo(stop);

        assertThat(index.headersAfter(index.locatorFrom(index.mainChainAt(3).orElseThrow()), Hash.ZERO, 4))
                .extracting(BlockHeader::hash)
                .containsExactly(hashAt(index, 4), hashAt(index, 5), hashAt(index, 6), hashAt(index, 7));
        assertThat(index.headersAfter(index.locator(), Hash.ZERO, 2000)).isEmpty();
        assertThat(index.headersAfter(List.of(), stop, 2000)).extracting(BlockHeader::hash).containsExactly(stop);
        assertThat(index.headersAfter(List.of(), unknown, 2000)).isEmpty();
    }

    @Test
    void hashesAfterServesGetblocksAndExcludesTheStopHash() {
        SyntheticChain c = fromGenesis();
        c.extend(c.start, 30);
        BlockIndex index = c.index;
        Hash stop = hashAt(index, 15);
        assertThat(index.hashesAfter(List.of(hashAt(index, 10)), stop, 500))
                .containsExactly(hashAt(index, 11), hashAt(index, 12), hashAt(index, 13), hashAt(index, 14));
        assertThat(index.hashesAfter(List.of(hashAt(index, 10)), Hash.ZERO, 3))
                .containsExactly(hashAt(index, 11), hashAt(index, 12), hashAt(index, 13));
        assertThat(index.hashesAfter(List.of(), Hash.ZERO, 500)).hasSize(30).startsWith(hashAt(index, 1));
    }

    @Test
    void aBranchWithMoreWorkBecomesTipAndTheChangeListsBothSides() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData fork = c.extend(c.start, 5);
        HeaderSyncData oldTip = c.extend(fork, 5);
        List<HeaderSyncData> oldSide = mainChain(c.index, 6, 10);

        HeaderSyncData equal = c.extend(fork, 5);
        assertThat(c.index.tip()).isEqualTo(oldTip);
        assertThat(c.index.isOnMainChain(equal)).isFalse();

        HeaderSyncData child = c.entry(equal, c.header(equal, equal.header().time() + 600, equal.header().bits()), false);
        Optional<TipChange> change = c.index.add(child);

        assertThat(change).hasValueSatisfying(t -> {
            assertThat(t.oldTip()).isEqualTo(oldTip);
            assertThat(t.newTip()).isEqualTo(child);
            assertThat(t.forkPoint()).isEqualTo(fork);
            assertThat(t.isReorg()).isTrue();
            assertThat(t.disconnected()).extracting(HeaderSyncData::height).containsExactly(10, 9, 8, 7, 6);
            assertThat(t.disconnected()).containsExactlyInAnyOrderElementsOf(oldSide);
            assertThat(t.connected()).extracting(HeaderSyncData::height).containsExactly(6, 7, 8, 9, 10, 11);
            assertThat(t.connected().get(t.connected().size() - 1)).isEqualTo(child);
        });
        assertThat(c.index.tip()).isEqualTo(child);
        assertThat(c.index.mainChainAt(10)).contains(c.index.ancestor(child, 10).orElseThrow());
        assertThat(c.index.isOnMainChain(oldTip)).isFalse();
        assertThat(c.index.tipChange(child, oldTip).disconnected()).hasSize(6);
    }

    @Test
    void addingAKnownEntryIsANoOpAndAnUnknownParentIsAProgrammingError() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData one = c.extend(c.start, 1);
        assertThat(c.index.add(one)).isEmpty();
        assertThat(c.index.size()).isEqualTo(2);
        BlockHeader orphan = new BlockHeader(4, Hash.fromDisplayHex(
                "00000000000000000000000000000000000000000000000000000000000000aa"), Hash.ZERO, 1, 0x207fffffL, 0);
        assertThatThrownBy(() -> c.index.add(new HeaderSyncData(orphan, 5, BigInteger.TEN)))
                .isInstanceOf(IllegalArgumentException.class);
        BlockHeader wrongHeight = c.header(one, 5);
        assertThatThrownBy(() -> c.index.add(new HeaderSyncData(wrongHeight, 7, BigInteger.TEN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ancestorsMatchANaiveWalkOnARandomTree() {
        Random random = new Random(42);
        SyntheticChain c = fromGenesis();
        List<HeaderSyncData> all = new ArrayList<>(List.of(c.start));
        for (int i = 0; i < 3000; i++) {
            // Mostly extend recent entries, sometimes fork from anywhere.
            HeaderSyncData parent = random.nextInt(10) == 0 ? all.get(random.nextInt(all.size()))
                    : all.get(Math.max(0, all.size() - 1 - random.nextInt(5)));
            all.add(c.child(parent, parent.header().time() + 600, parent.header().bits()));
        }
        for (int i = 0; i < 2000; i++) {
            HeaderSyncData from = all.get(random.nextInt(all.size()));
            int height = random.nextInt(from.height() + 1);
            assertThat(c.index.ancestor(from, height)).contains(naiveAncestor(c.index, from, height));
        }
        HeaderSyncData tip = c.index.tip();
        for (HeaderSyncData e : all) {
            assertThat(e.chainWork()).isLessThanOrEqualTo(tip.chainWork());
            boolean onMain = naiveAncestor(c.index, tip, Math.min(e.height(), tip.height())).equals(e);
            assertThat(c.index.isOnMainChain(e)).isEqualTo(onMain);
        }
        assertThat(c.index.ancestor(tip, tip.height() + 1)).isEmpty();
    }

    @Test
    void restoreRebuildsFromStoredEntriesInAnyOrderAndKeepsTheStoredTipAmongEquals() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData fork = c.extend(c.start, 10);
        HeaderSyncData first = c.extend(fork, 5);
        HeaderSyncData second = c.extend(fork, 5);
        List<HeaderSyncData> stored = new ArrayList<>();
        for (int h = 0; h <= 15; h++) {
            stored.add(c.index.mainChainAt(h).orElseThrow());
        }
        for (int h = 11; h <= 15; h++) {
            stored.add(c.index.ancestor(second, h).orElseThrow());
        }
        Collections.shuffle(stored, new Random(3));

        BlockIndex keepsSecond = BlockIndex.restore(NetworkParameters.REGTEST, stored, Optional.of(second.hash()));
        assertThat(keepsSecond.size()).isEqualTo(21);
        assertThat(keepsSecond.tip()).isEqualTo(second);
        assertThat(keepsSecond.isOnMainChain(first)).isFalse();
        assertThat(keepsSecond.mainChainAt(12)).isEqualTo(c.index.ancestor(second, 12));

        BlockIndex noPreference = BlockIndex.restore(NetworkParameters.REGTEST, stored, Optional.empty());
        assertThat(noPreference.tip().height()).isEqualTo(15);
        HeaderSyncData stale = c.index.mainChainAt(14).orElseThrow();
        assertThat(BlockIndex.restore(NetworkParameters.REGTEST, stored, Optional.of(stale.hash())).tip().height())
                .isEqualTo(15);

        List<HeaderSyncData> gap = new ArrayList<>(stored);
        gap.remove(c.index.mainChainAt(7).orElseThrow());
        assertThatThrownBy(() -> BlockIndex.restore(NetworkParameters.REGTEST, gap, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockIndex.restore(NetworkParameters.REGTEST, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoreFromATrustedStart() {
        SyntheticChain c = new SyntheticChain(NetworkParameters.MAINNET, 80001, 1_300_000_000L, 0x1b0404cbL);
        HeaderSyncData tip = c.extend(c.start, 20);
        List<HeaderSyncData> stored = new ArrayList<>();
        for (int h = 80001; h <= tip.height(); h++) {
            stored.add(c.index.mainChainAt(h).orElseThrow());
        }
        Collections.reverse(stored);
        BlockIndex restored = BlockIndex.restore(NetworkParameters.MAINNET, stored, Optional.of(tip.hash()));
        assertThat(restored.start()).isEqualTo(c.start);
        assertThat(restored.tip()).isEqualTo(tip);
        assertThat(restored.locator()).isEqualTo(c.index.locator());
    }

    private static HeaderSyncData naiveAncestor(BlockIndex index, HeaderSyncData from, int height) {
        HeaderSyncData walk = from;
        while (walk.height() > height) {
            walk = index.get(walk.prevHash()).orElseThrow();
        }
        return walk;
    }

    private static List<HeaderSyncData> mainChain(BlockIndex index, int from, int to) {
        List<HeaderSyncData> out = new ArrayList<>();
        for (int h = from; h <= to; h++) {
            out.add(index.mainChainAt(h).orElseThrow());
        }
        return out;
    }

    private static Hash hashAt(BlockIndex index, int height) {
        return index.mainChainAt(height).orElseThrow().hash();
    }

    private static List<Integer> heights(BlockIndex index, List<Hash> locator) {
        return locator.stream().map(h -> index.get(h).orElseThrow().height()).toList();
    }

    // ---- invalid blocks ----------------------------------------------------------------------------

    @Test
    void invalidatingAMainChainBlockMarksItsDescendantsAndMovesTheTipToTheBestValidBranch() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData fork = c.extend(c.start, 10);
        HeaderSyncData side = c.extend(fork, 5);
        HeaderSyncData bad = c.extend(fork, 1);
        HeaderSyncData tip = c.extend(bad, 9);
        assertThat(c.index.tip()).isEqualTo(tip);

        Optional<TipChange> change = c.index.invalidate(bad.hash());

        assertThat(change).isPresent();
        assertThat(c.index.tip()).as("the side branch, the best valid chain").isEqualTo(side);
        assertThat(change.get().forkPoint()).isEqualTo(fork);
        assertThat(c.index.isInvalid(bad.hash())).isTrue();
        assertThat(c.index.isInvalid(tip.hash())).isTrue();
        assertThat(c.index.isInvalid(side.hash())).isFalse();
        assertThat(c.index.invalidBlocks()).hasSize(10);
        assertThatThrownBy(() -> c.child(tip, tip.header().time() + 600, tip.header().bits()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid");
    }

    @Test
    void invalidatingASideBranchLeavesTheTipAndTheStartCannotBeInvalidated() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData fork = c.extend(c.start, 3);
        HeaderSyncData side = c.extend(fork, 1);
        HeaderSyncData tip = c.extend(fork, 4);

        assertThat(c.index.invalidate(side.hash())).isEmpty();
        assertThat(c.index.tip()).isEqualTo(tip);
        assertThatThrownBy(() -> c.index.invalidate(c.start.hash())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeadersPayloadIsTheEncodedAnswerToGetheaders() {
        SyntheticChain c = fromGenesis();
        HeaderSyncData tip = c.extend(c.start, 2500);
        HeaderSyncData fork = c.index.mainChainAt(1000).orElseThrow();
        c.extend(fork, 20); // a side branch, not the tip
        HeaderSyncData at300 = c.index.mainChainAt(300).orElseThrow();
        HeaderSyncData at310 = c.index.mainChainAt(310).orElseThrow();
        List<List<Hash>> locators = List.of(c.index.locator(), List.of(c.start.hash()), List.of(at300.hash()),
                List.of(Hash.ZERO), List.of(tip.hash()), List.of());
        for (List<Hash> locator : locators) {
            for (Hash stop : List.of(Hash.ZERO, at310.hash(), tip.hash())) {
                for (int max : new int[] {0, 1, 5, 2000}) {
                    for (int served : new int[] {0, 305, 2000, 2500}) {
                        List<BlockHeader> expected = c.index.headersAfter(locator, stop, max).stream()
                                .filter(h -> c.index.get(h.hash()).orElseThrow().height() <= served).toList();
                        ByteWriter w = new ByteWriter(16);
                        new HeadersMessage(expected).write(w);
                        assertThat(c.index.headersPayloadAfter(locator, stop, max, served))
                                .as("locator %s stop %s max %d served %d", locator.size(), stop, max, served)
                                .isEqualTo(w.toByteArray());
                    }
                }
            }
        }
    }

    @Test
    void entriesReadBackFromTheRecordsAreTheEntriesAdded() {
        SyntheticChain c = new SyntheticChain(NetworkParameters.MAINNET, 80001, 1_300_000_000L, 0x1b0404cbL);
        HeaderSyncData tip = c.extend(c.start, 300);
        for (int h = 80001; h <= tip.height(); h++) {
            HeaderSyncData e = c.index.mainChainAt(h).orElseThrow();
            assertThat(c.index.get(e.hash())).contains(e);
            assertThat(e.header().serialize()).hasSize(80);
            assertThat(BlockHeader.parse(e.header().serialize())).isEqualTo(e.header());
            assertThat(e.header().prevHash()).isEqualTo(h == 80001 ? Hash.ZERO : c.index.mainChainAt(h - 1).orElseThrow().hash());
        }
        assertThat(c.index.recordBytes()).isEqualTo((long) HeaderRecords.CHUNK_RECORDS * HeaderRecords.RECORD_SIZE + 4 * 1024);
    }
}
