package dev.tributary.chain;

import dev.tributary.validation.Verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HeaderChainAttacherTest {
    private static final long NOW = 2_000_000_000L;

    private static List<BlockHeader> mainnetHeaders(int from, int toExclusive) {
        return TestData.headers("headers-0-10236.bin").subList(from, toExclusive);
    }

    @Test
    void anInvalidHeaderInTheMiddleKeepsTheValidPrefix() {
        List<BlockHeader> batch = new ArrayList<>(mainnetHeaders(1, 101));
        BlockHeader bad = batch.get(49);
        batch.set(49, new BlockHeader(bad.version(), bad.prevHash(), bad.merkleRoot(), bad.time(), bad.bits(), bad.nonce() ^ 1));
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);

        AttachResult r = new HeaderChainAttacher(index).attach(batch, NOW);

        assertThat(r.accepted()).hasSize(49);
        assertThat(r.isComplete()).isFalse();
        assertThat(r.rejection()).hasValueSatisfying(rej -> {
            assertThat(rej.index()).isEqualTo(49);
            assertThat(rej.header()).isEqualTo(batch.get(49));
            assertThat(rej.verdict().reason()).contains(RejectReason.HIGH_HASH);
            assertThat(rej.verdict().message()).contains("height 50");
        });
        assertThat(r.penalty()).isEqualTo(100);
        assertThat(index.tip().height()).isEqualTo(49);
        assertThat(r.tipAfter()).isEqualTo(index.tip());
        assertThat(r.tipChange()).hasValueSatisfying(c -> assertThat(c.connected()).hasSize(49));
        // One array for the accepted entries, shared by the tip change: no object per header.
        assertThat(r.accepted()).isInstanceOf(HeaderBatch.class)
                .isEqualTo(java.util.stream.IntStream.range(1, 50).mapToObj(h -> index.mainChainAt(h).orElseThrow()).toList());
        assertThat(r.tipChange().orElseThrow().connected()).isSameAs(r.accepted());
        assertThat(index.contains(batch.get(50).hash())).isFalse();
    }

    @Test
    void aHeaderThatDoesNotFollowThePreviousOneIsBadPrev() {
        List<BlockHeader> batch = new ArrayList<>(mainnetHeaders(1, 101));
        batch.remove(30); // header 31 is gone, so header 32 does not follow header 30
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);

        AttachResult r = new HeaderChainAttacher(index).attach(batch, NOW);

        assertThat(r.accepted()).hasSize(30);
        assertThat(r.rejection().orElseThrow().verdict().reason()).contains(RejectReason.BAD_PREV);
        assertThat(r.penalty()).isEqualTo(20);
    }

    @Test
    void anUnknownParentAddsNothing() {
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);
        AttachResult r = new HeaderChainAttacher(index).attach(mainnetHeaders(2, 50), NOW);
        assertThat(r.parentUnknown()).isTrue();
        assertThat(r.accepted()).isEmpty();
        assertThat(r.rejection()).isEmpty();
        assertThat(r.tipChange()).isEmpty();
        assertThat(r.isComplete()).isFalse();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void knownHeadersAreSkippedAndTheRestAttached() {
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);
        HeaderChainAttacher attacher = new HeaderChainAttacher(index);
        attacher.attach(mainnetHeaders(1, 30), NOW);

        AttachResult again = attacher.attach(mainnetHeaders(0, 30), NOW);
        assertThat(again.isComplete()).isTrue();
        assertThat(again.alreadyKnown()).isEqualTo(30);
        assertThat(again.accepted()).isEmpty();
        assertThat(again.tipChange()).isEmpty();

        AttachResult overlap = attacher.attach(mainnetHeaders(20, 60), NOW);
        assertThat(overlap.alreadyKnown()).isEqualTo(10);
        assertThat(overlap.accepted()).extracting(HeaderSyncData::height).startsWith(30).endsWith(59);
        assertThat(index.tip().height()).isEqualTo(59);
        assertThat(attacher.attach(List.of(), NOW).isComplete()).isTrue();
    }

    @Test
    void aForkWithMoreWorkArrivingLaterBecomesTheTip() {
        ChainBuilder chain = ChainBuilder.regtest(11, 1_600_000_000L);
        List<Block> main = chain.extendTip(10);
        HeaderSyncData forkPoint = chain.index().mainChainAt(5).orElseThrow();
        List<Block> fork = chain.extend(forkPoint, 6);
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.REGTEST);
        HeaderChainAttacher attacher = new HeaderChainAttacher(index);
        attacher.attach(ChainBuilder.headers(main), chain.latestTime());

        AttachResult r = attacher.attach(ChainBuilder.headers(fork), chain.latestTime());

        assertThat(r.isComplete()).isTrue();
        TipChange change = r.tipChange().orElseThrow();
        assertThat(change.oldTip().hash()).isEqualTo(main.get(9).hash());
        assertThat(change.newTip().hash()).isEqualTo(fork.get(5).hash());
        assertThat(change.forkPoint().hash()).isEqualTo(forkPoint.hash());
        assertThat(change.disconnected()).extracting(HeaderSyncData::hash)
                .containsExactly(main.get(9).hash(), main.get(8).hash(), main.get(7).hash(), main.get(6).hash(),
                        main.get(5).hash());
        assertThat(change.connected()).extracting(HeaderSyncData::hash).containsExactlyElementsOf(hashes(fork));
        assertThat(index.tip().height()).isEqualTo(11);
        assertThat(index.locator().get(0)).isEqualTo(fork.get(5).hash());
    }

    @Test
    void aForkWithEqualOrLessWorkDoesNotBecomeTheTip() {
        ChainBuilder chain = ChainBuilder.regtest(12, 1_600_000_000L);
        List<Block> main = chain.extendTip(10);
        HeaderSyncData forkPoint = chain.index().mainChainAt(5).orElseThrow();
        List<Block> equal = chain.extend(forkPoint, 5);
        List<Block> shorter = chain.extend(forkPoint, 3);
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.REGTEST);
        HeaderChainAttacher attacher = new HeaderChainAttacher(index);
        attacher.attach(ChainBuilder.headers(main), chain.latestTime());

        AttachResult e = attacher.attach(ChainBuilder.headers(equal), chain.latestTime());
        AttachResult s = attacher.attach(ChainBuilder.headers(shorter), chain.latestTime());

        assertThat(e.accepted()).hasSize(5);
        assertThat(e.tipChange()).isEmpty();
        assertThat(s.accepted()).hasSize(3);
        assertThat(s.tipChange()).isEmpty();
        assertThat(index.tip().hash()).isEqualTo(main.get(9).hash());
        assertThat(index.size()).isEqualTo(1 + 10 + 5 + 3);
    }

    @Test
    void severalTipMovesInOneBatchFoldIntoOne() {
        // The batch first extends the best chain by two, then switches to a longer branch from height 3.
        ChainBuilder chain = ChainBuilder.regtest(13, 1_600_000_000L);
        List<Block> base = chain.extendTip(6);
        HeaderSyncData three = chain.index().mainChainAt(3).orElseThrow();
        List<Block> branch = chain.extend(three, 8);
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.REGTEST);
        HeaderChainAttacher attacher = new HeaderChainAttacher(index);
        attacher.attach(ChainBuilder.headers(base.subList(0, 4)), chain.latestTime());

        List<BlockHeader> batch = new ArrayList<>(ChainBuilder.headers(base.subList(4, 6)));
        AttachResult first = attacher.attach(batch, chain.latestTime());
        AttachResult second = attacher.attach(ChainBuilder.headers(branch), chain.latestTime());

        assertThat(first.tipChange().orElseThrow().connected()).hasSize(2);
        TipChange folded = second.tipChange().orElseThrow();
        assertThat(folded.oldTip().height()).isEqualTo(6);
        assertThat(folded.newTip().hash()).isEqualTo(branch.get(7).hash());
        assertThat(folded.forkPoint().height()).isEqualTo(3);
        assertThat(folded.disconnected()).extracting(HeaderSyncData::height).containsExactly(6, 5, 4);
        assertThat(folded.connected()).extracting(HeaderSyncData::height).containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Property(tries = 200)
    void randomHeaderBytesNeverThrowAndAreRejectedWithAReason(@ForAll("batches") List<byte[]> raw,
            @ForAll boolean linkFirstToGenesis) {
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);
        List<BlockHeader> batch = new ArrayList<>();
        for (byte[] b : raw) {
            batch.add(BlockHeader.parse(b));
        }
        if (linkFirstToGenesis) {
            BlockHeader h = batch.get(0);
            batch.set(0, new BlockHeader(h.version(), index.start().hash(), h.merkleRoot(), h.time(), h.bits(), h.nonce()));
        }

        AttachResult r = new HeaderChainAttacher(index).attach(batch, NOW);

        assertThat(r.accepted()).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        if (linkFirstToGenesis) {
            Verdict<RejectReason> v = r.rejection().orElseThrow().verdict();
            assertThat(v.reason()).isPresent();
            assertThat(v.penalty()).isPositive();
            assertThat(v.message()).isNotBlank();
        } else {
            assertThat(r.parentUnknown()).isTrue();
        }
    }

    @Provide
    Arbitrary<List<byte[]>> batches() {
        return Arbitraries.bytes().array(byte[].class).ofSize(BlockHeader.SIZE).list().ofMinSize(1).ofMaxSize(5);
    }

    private static List<Hash> hashes(List<Block> blocks) {
        return blocks.stream().map(Block::hash).toList();
    }

    @Test
    void headersOnAnInvalidBlockAndTheInvalidHeaderItselfAreRejectedAsCoreDoes() {
        BlockIndex index = BlockIndex.fromGenesis(NetworkParameters.MAINNET);
        HeaderChainAttacher attacher = new HeaderChainAttacher(index);
        attacher.attach(mainnetHeaders(1, 20), NOW);
        index.invalidate(mainnetHeaders(10, 11).get(0).hash());

        AttachResult again = attacher.attach(mainnetHeaders(10, 12), NOW);
        AttachResult onTop = attacher.attach(mainnetHeaders(20, 22), NOW);

        assertThat(again.rejection()).hasValueSatisfying(r -> {
            assertThat(r.verdict().reason()).contains(RejectReason.DUPLICATE_INVALID);
            assertThat(r.verdict().penalty()).isEqualTo(100);
        });
        assertThat(onTop.rejection()).hasValueSatisfying(r -> assertThat(r.verdict().reason()).contains(RejectReason.BAD_PREVBLK));
        assertThat(index.tip().height()).isEqualTo(9);
    }
}
