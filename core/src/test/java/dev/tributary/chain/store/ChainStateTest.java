package dev.tributary.chain.store;

import dev.tributary.sync.TestChains;
import static dev.tributary.sync.TestChains.START;
import static dev.tributary.sync.TestChains.at;
import static dev.tributary.sync.TestChains.blockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.RecordingSyncListener;
import dev.tributary.chain.Block;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two tips over a real store: headers move the main tip, bodies move the block tip only over a
 * complete prefix (in order, out of order, across a restart, across a reorg), and the store passes
 * {@link StoreConsistencyCheck} after every step.
 */
class ChainStateTest {
    private final ChainBuilder builder = ChainBuilder.regtest(17, START);
    private final InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    private final RecordingSyncListener events = new RecordingSyncListener();
    private ChainState chain;

    @BeforeEach
    void twentyBlocks() {
        builder.extendTip(20);
        chain = open();
        chain.addListener(events);
    }

    private ChainState open() {
        return ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(kv, "regtest"), Optional.empty());
    }

    private void assertConsistent() {
        assertThat(StoreConsistencyCheck.check(chain.persist())).isEmpty();
    }

    private void store(int height) {
        chain.storeBody(at(builder, height), blockAt(builder, height).serialize());
        assertConsistent();
    }

    private static List<Integer> heights(List<HeaderSyncData> entries) {
        return entries.stream().map(HeaderSyncData::height).toList();
    }

    @Test
    void aNewChainStartsAtGenesisWithItsBodyStored() {
        assertThat(chain.mainTip()).isEqualTo(builder.genesis());
        assertThat(chain.blockTip()).isEqualTo(builder.genesis());
        assertThat(chain.blocksComplete()).isTrue();
        assertThat(chain.hasBody(builder.genesis().hash())).isTrue();
        assertConsistent();
    }

    @Test
    void recordedHeadersMoveTheMainTipAndLeaveTheBlockTipWhereBodiesAre() {
        TestChains.recordMainChain(chain, builder, 20);

        assertThat(chain.mainTip()).isEqualTo(at(builder, 20));
        assertThat(chain.blockTip()).isEqualTo(builder.genesis());
        assertThat(chain.blocksComplete()).isFalse();
        assertThat(heights(chain.missingBodies(5))).containsExactly(1, 2, 3, 4, 5);
        assertThat(events.headerTips()).containsExactly(at(builder, 20));
        assertThat(chain.persist().loadBlockchain().mainTip()).contains(at(builder, 20).hash());
        assertConsistent();
    }

    @Test
    void bodiesInOrderMoveTheBlockTipOneByOne() {
        TestChains.recordMainChain(chain, builder, 20);

        for (int h = 1; h <= 20; h++) {
            assertThat(chain.storeBody(at(builder, h), blockAt(builder, h).serialize())).isTrue();
            assertThat(chain.blockTip().height()).isEqualTo(h);
            assertConsistent();
        }
        assertThat(chain.blocksComplete()).isTrue();
        assertThat(chain.missingBodies(10)).isEmpty();
    }

    @Test
    void bodiesOutOfOrderWaitAboveTheBlockTipAndConnectInOneStepWhenTheGapFills() {
        TestChains.recordMainChain(chain, builder, 20);
        store(4);
        store(3);
        store(2);
        assertThat(chain.blockTip().height()).isZero();
        assertThat(heights(chain.missingBodies(3))).containsExactly(1, 5, 6);

        store(1);

        assertThat(chain.blockTip().height()).isEqualTo(4);
        assertThat(events.blockTipHeights()).containsExactly(4);
        assertThat(chain.persist().loadBlockchain().blockTip()).contains(at(builder, 4).hash());
    }

    @Test
    void aRestartKeepsBothTipsAndTheBodiesStoredAboveTheBlockTip() {
        TestChains.recordMainChain(chain, builder, 20);
        store(1);
        store(2);
        store(5);
        store(6);

        chain = open();

        assertThat(chain.mainTip()).isEqualTo(at(builder, 20));
        assertThat(chain.blockTip()).isEqualTo(at(builder, 2));
        assertThat(heights(chain.missingBodies(4))).containsExactly(3, 4, 7, 8);
        store(4);
        store(3);
        assertThat(chain.blockTip().height()).as("over the bodies stored before the restart").isEqualTo(6);
    }

    @Test
    void aRestartBetweenStoringBodiesAndMovingTheTipIsCaughtUpByMissingBodies() {
        TestChains.recordMainChain(chain, builder, 20);
        // Bodies saved without the tip moving, as after a crash between the two writes.
        for (int h = 1; h <= 3; h++) {
            chain.persist().saveBlock(at(builder, h).hash(), blockAt(builder, h).serialize());
        }

        chain = open();
        assertThat(chain.blockTip().height()).isZero();

        assertThat(heights(chain.missingBodies(2))).containsExactly(4, 5);
        assertThat(chain.blockTip().height()).isEqualTo(3);
        assertConsistent();
    }

    @Test
    void aReorgPullsTheBlockTipBackToTheForkPointAndTheNewBranchsBodiesMoveItOn() {
        TestChains.recordMainChain(chain, builder, 20);
        for (int h = 1; h <= 15; h++) {
            store(h);
        }
        List<Block> branch = builder.extend(at(builder, 10), 12);

        TestChains.recordHeaders(chain, ChainBuilder.headers(branch));

        assertThat(chain.mainTip().hash()).isEqualTo(branch.get(11).hash());
        assertThat(chain.blockTip()).isEqualTo(at(builder, 10));
        assertThat(chain.persist().loadBlockchain().blockTip()).contains(at(builder, 10).hash());
        assertConsistent();
        assertThat(chain.missingBodies(100)).extracting(HeaderSyncData::hash)
                .containsExactlyElementsOf(branch.stream().map(Block::hash).toList());

        for (Block b : branch) {
            chain.storeBody(chain.index().get(b.hash()).orElseThrow(), b.serialize());
            assertConsistent();
        }
        assertThat(chain.blockTip()).isEqualTo(chain.mainTip());
    }

    @Test
    void aReorgAboveTheBlockTipLeavesItWhereItIs() {
        TestChains.recordMainChain(chain, builder, 20);
        store(1);
        store(2);
        List<Block> branch = builder.extend(at(builder, 10), 12);

        TestChains.recordHeaders(chain, ChainBuilder.headers(branch));

        assertThat(chain.blockTip().height()).isEqualTo(2);
        assertThat(heights(chain.missingBodies(100))).hasSize(20).startsWith(3, 4);
        assertConsistent();
    }

    @Test
    void aBodyOffTheMainChainIsStoredButDoesNotMoveTheBlockTip() {
        TestChains.recordMainChain(chain, builder, 20);
        List<Block> side = builder.extend(builder.genesis(), 2);
        TestChains.recordHeaders(chain, ChainBuilder.headers(side));

        assertThat(chain.storeBody(chain.index().get(side.get(0).hash()).orElseThrow(), side.get(0).serialize())).isFalse();

        assertThat(chain.blockTip().height()).isZero();
        assertThat(chain.hasBody(side.get(0).hash())).isTrue();
        assertThat(heights(chain.missingBodies(1))).containsExactly(1);
        assertConsistent();
    }

    @Test
    void aChainFromATrustedStartOpensOnARealStoreFetchesNothingBelowTheStartAndReopens() {
        // Regression: opening a new chain at a trusted start made the start, which has no body, the block tip,
        // which the store refuses ("its body is not stored"): import --start-height failed on every store.
        InMemoryKeyValueStore other = new InMemoryKeyValueStore();
        TrustedStart start = new TrustedStart(at(builder, 10).header(), 10);
        chain = ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(other, "regtest"), Optional.of(start));
        assertThat(chain.blockTip()).isEqualTo(chain.mainTip());
        assertThat(chain.blockTip().hash()).isEqualTo(at(builder, 10).hash());
        assertConsistent();

        TestChains.recordHeaders(chain, ChainBuilder.headers(builder.mainChainBlocks().subList(11, 21)));
        assertThat(chain.blockTip().height()).isEqualTo(10);
        assertThat(heights(chain.missingBodies(3))).containsExactly(11, 12, 13);
        store(12);
        store(11);
        assertThat(chain.blockTip().height()).isEqualTo(12);

        chain = ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(other, "regtest"), Optional.of(start));
        assertThat(chain.blockTip().height()).isEqualTo(12);
        assertThat(chain.mainTip().height()).isEqualTo(20);
        assertConsistent();
        assertThatThrownBy(() -> ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(other, "regtest"),
                Optional.of(new TrustedStart(at(builder, 12).header(), 12))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("starts at height 10");
    }

    @Test
    void aReopenedTrustedStartChainWithoutBodiesHasItsStartAsBlockTip() {
        InMemoryKeyValueStore other = new InMemoryKeyValueStore();
        TrustedStart start = new TrustedStart(at(builder, 10).header(), 10);
        chain = ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(other, "regtest"), Optional.of(start));
        TestChains.recordHeaders(chain, ChainBuilder.headers(builder.mainChainBlocks().subList(11, 21)));

        chain = ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(other, "regtest"), Optional.empty());

        assertThat(chain.blockTip().height()).isEqualTo(10);
        assertThat(heights(chain.missingBodies(1))).containsExactly(11);
        assertConsistent();
    }

    @Test
    void aReorgDownToATrustedStartPullsTheBlockTipBackToIt() {
        InMemoryKeyValueStore other = new InMemoryKeyValueStore();
        TrustedStart start = new TrustedStart(at(builder, 10).header(), 10);
        chain = ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(other, "regtest"), Optional.of(start));
        TestChains.recordHeaders(chain, ChainBuilder.headers(builder.mainChainBlocks().subList(11, 21)));
        store(11);
        store(12);
        List<Block> branch = builder.extend(at(builder, 10), 12);

        TestChains.recordHeaders(chain, ChainBuilder.headers(branch));

        assertThat(chain.blockTip().hash()).isEqualTo(at(builder, 10).hash());
        assertConsistent();
        chain = ChainState.open(NetworkParameters.REGTEST, KeyValueSyncPersist.open(other, "regtest"), Optional.of(start));
        assertThat(chain.mainTip().hash()).isEqualTo(branch.get(11).hash());
        assertThat(chain.blockTip().hash()).isEqualTo(at(builder, 10).hash());
        chain.storeBody(chain.index().get(branch.get(0).hash()).orElseThrow(), branch.get(0).serialize());
        assertThat(chain.blockTip().hash()).isEqualTo(branch.get(0).hash());
        assertConsistent();
    }

    @Test
    void anInvalidatedBlockStaysInvalidAcrossARestartAndTheTipStaysOnTheBestValidChain() {
        var persist = InMemorySyncPersist.create("regtest");
        ChainState first = ChainState.open(NetworkParameters.REGTEST, persist, java.util.Optional.empty());
        ChainBuilder b = ChainBuilder.regtest(5, START);
        b.extendTip(6);
        TestChains.recordMainChain(first, b, 6);
        TestChains.storeBodies(first, b, 1, 3);

        first.invalidate(TestChains.at(b, 5));

        assertThat(first.mainTip().height()).isEqualTo(4);
        ChainState reopened = ChainState.open(NetworkParameters.REGTEST, persist, java.util.Optional.empty());
        assertThat(reopened.mainTip().height()).isEqualTo(4);
        assertThat(reopened.index().isInvalid(TestChains.at(b, 6).hash())).isTrue();
        assertThat(reopened.blockTip().height()).isEqualTo(3);
        assertThat(StoreConsistencyCheck.check(persist)).isEmpty();
    }
}
