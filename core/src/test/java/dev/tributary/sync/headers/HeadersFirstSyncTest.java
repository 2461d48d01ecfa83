package dev.tributary.sync.headers;

import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.RocksDbSyncPersist;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.sync.TestChains;
import dev.tributary.chain.store.KeyValueSyncPersist;
import static dev.tributary.sync.TestChains.START;
import static dev.tributary.sync.TestChains.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.testing.RespondingPeer;
import dev.tributary.testing.RespondingPeer.BlockMode;
import dev.tributary.testing.SyncTestNode;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.GetHeadersMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers-first passes against peers serving reference chains, through the real wiring (header requests,
 * download manager, coordinator) and virtual time: multi-pass sync, invalid and unconnecting headers,
 * reorgs, forks that must not win, a long side branch, and resuming after a restart.
 */
class HeadersFirstSyncTest {
    private static final long TEN_MINUTES = 600_000;
    private static final SyncConfig HEADERS_ONLY = SyncConfig.defaults().withDownloadBlocks(false);
    private static final SyncConfig FULL = SyncConfig.defaults();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ChainBuilder reference = ChainBuilder.regtest(3, START);

    /** The outcome of each pass from {@code peer}: true when it asked for another pass. */
    private static List<Boolean> passesFrom(SyncTestNode node, RespondingPeer peer, List<String> failures) {
        List<Boolean> passes = new ArrayList<>();
        node.coordinator().addPassListener((p, more, failure) -> {
            if (p.id() == peer.peer().id()) {
                passes.add(more);
                failure.ifPresent(f -> failures.add(f.toString()));
            }
        });
        return passes;
    }

    private static List<Boolean> passesFrom(SyncTestNode node, RespondingPeer peer) {
        return passesFrom(node, peer, new ArrayList<>());
    }

    private static BlockHeader withBits(BlockHeader h, long bits) {
        return new BlockHeader(h.version(), h.prevHash(), h.merkleRoot(), h.time(), bits, h.nonce());
    }

    // ---- the happy path ----------------------------------------------------------------------------

    @Test
    void syncsMoreThan2000HeadersInSeveralPassesThatAnswerTrueThenFalse() {
        reference.extendTip(2_500);
        SyncTestNode node = SyncTestNode.regtest(scheduler, HEADERS_ONLY);
        RespondingPeer peer = RespondingPeer.servingBest(scheduler, "peer", reference);
        List<String> failures = new ArrayList<>();
        List<Boolean> passes = passesFrom(node, peer, failures);

        peer.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(passes).containsExactly(true, false);
        assertThat(failures).isEmpty();
        assertThat(node.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(node.events().headersReceived()).extracting(r -> r.received() + "/" + r.accepted())
                .containsExactly("2000/2000", "500/500");
        List<GetHeadersMessage> asked = peer.peer().sent(GetHeadersMessage.class);
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0).locator()).containsExactly(reference.genesis().hash());
        assertThat(asked.get(1).locator().get(0)).as("continues from the last header received").isEqualTo(at(reference, 2000).hash());
        assertThat(asked).allSatisfy(m -> assertThat(m.stopHash()).isEqualTo(Hash.ZERO));
        assertThat(node.chain().blockTip().height()).as("headers only").isZero();
        assertThat(peer.peer().getDataMessages()).isEmpty();
        assertThat(node.coordinator().isCaughtUpWith(peer.peer())).isTrue();
    }

    @Test
    void aFullNodeStoresEveryBodyFromAllPeersAndEndsWithTheBlockTipAtTheMainTip() {
        reference.extendTip(2_100);
        SyncTestNode node = SyncTestNode.regtest(scheduler, FULL);
        RespondingPeer first = RespondingPeer.servingBest(scheduler, "first", reference);
        RespondingPeer second = RespondingPeer.servingBest(scheduler, "second", reference);
        List<Boolean> passes = passesFrom(node, first);

        first.connectTo(node);
        second.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(passes).containsExactly(true, false);
        assertThat(node.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(node.events().blocksStored()).hasSize(2_100);
        assertThat(node.events().blocksStoredFrom(first.peer())).isPositive();
        assertThat(node.events().blocksStoredFrom(second.peer())).isPositive();
        for (int h = 0; h <= 2_100; h += 70) {
            Block b = TestChains.blockAt(reference, h);
            assertThat(node.chain().persist().getBlock(b.hash())).hasValueSatisfying(
                    bytes -> assertThat(bytes).isEqualTo(b.serialize()));
        }
        assertThat(StoreConsistencyCheck.check(node.chain().persist())).isEmpty();
    }

    // ---- bad headers -------------------------------------------------------------------------------

    @Test
    void anInvalidHeaderInTheMiddleKeepsTheValidPrefixPenalizesThePeerAndEndsThePass() {
        reference.extendTip(100);
        SyncTestNode node = SyncTestNode.regtest(scheduler, HEADERS_ONLY);
        RespondingPeer peer = RespondingPeer.servingBest(scheduler, "liar", reference).tamperingHeaders(headers -> {
            List<BlockHeader> out = new ArrayList<>(headers);
            out.set(49, withBits(out.get(49), 0x1d00ffffL));
            return out;
        });
        List<Boolean> passes = passesFrom(node, peer);

        peer.connectTo(node);
        node.runUntilSynced(TEN_MINUTES);

        assertThat(passes).containsExactly(false);
        assertThat(node.chain().mainTip()).isEqualTo(at(reference, 49));
        assertThat(node.chain().persist().loadBlockchain().headers()).hasSize(50);
        assertThat(peer.peer().misbehaviourScore()).isEqualTo(100);
        assertThat(peer.peer().misbehaviourReasons()).singleElement().asString().contains("height 50").contains("bits");
        assertThat(node.events().invalidData()).hasSize(1);
        assertThat(StoreConsistencyCheck.check(node.chain().persist())).isEmpty();
    }

    @Test
    void thePeerIsPenalizedWithTheValidatorsPenaltyForTheHeaderItSent() {
        reference.extendTip(100);
        SyncTestNode node = SyncTestNode.regtest(scheduler, HEADERS_ONLY);
        // Header 31 left out: header 32 does not follow header 30 ("non-continuous-headers", 20 points).
        RespondingPeer peer = RespondingPeer.servingBest(scheduler, "gappy", reference).tamperingHeaders(headers -> {
            List<BlockHeader> out = new ArrayList<>(headers);
            out.remove(30);
            return out;
        });
        List<Boolean> passes = passesFrom(node, peer);

        peer.connectTo(node);
        node.runUntilSynced(TEN_MINUTES);

        assertThat(passes).containsExactly(false);
        assertThat(node.chain().mainTip()).isEqualTo(at(reference, 30));
        assertThat(peer.peer().misbehaviourScore()).isEqualTo(20);
        assertThat(peer.peer().isConnected()).isTrue();
    }

    @Test
    void headersThatDoNotConnectArePenalized10AndNothingIsStored() {
        reference.extendTip(100);
        SyncTestNode node = SyncTestNode.regtest(scheduler, FULL);
        RespondingPeer peer = RespondingPeer.servingBest(scheduler, "stranger", reference)
                .tamperingHeaders(headers -> headers.subList(50, headers.size()));
        List<Boolean> passes = passesFrom(node, peer);

        peer.connectTo(node);
        node.runUntilSynced(TEN_MINUTES);

        assertThat(passes).containsExactly(false);
        assertThat(peer.peer().misbehaviourScore()).isEqualTo(HeadersFirstSync.UNCONNECTING_HEADERS_PENALTY).isEqualTo(10);
        assertThat(peer.peer().misbehaviourReasons()).singleElement().asString().contains("do not connect");
        assertThat(node.chain().mainTip()).isEqualTo(reference.genesis());
        assertThat(node.chain().persist().loadBlockchain().headers()).hasSize(1);
        assertThat(peer.peer().getDataMessages()).isEmpty();
    }

    // ---- peers that fail ---------------------------------------------------------------------------

    @Test
    void aSyncPeerThatNeverAnswersGetHeadersIsDroppedAfterTheTimeoutAndTheNextPeerSyncs() {
        reference.extendTip(300);
        SyncTestNode node = SyncTestNode.regtest(scheduler, FULL);
        RespondingPeer mute = RespondingPeer.servingBest(scheduler, "mute", reference).answeringHeaders(false);
        RespondingPeer good = RespondingPeer.servingBest(scheduler, "good", reference);
        List<String> failures = new ArrayList<>();
        List<Boolean> mutePasses = passesFrom(node, mute, failures);
        mute.connectTo(node);
        good.connectTo(node);

        scheduler.advance(FULL.headersTimeoutMillis() - 1);
        assertThat(mute.peer().isConnected()).isTrue();
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(mute.peer().disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("getheaders"));
        assertThat(mutePasses).containsExactly(false);
        assertThat(failures).singleElement().asString().contains("TimeoutException");
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(node.coordinator().isCaughtUpWith(good.peer())).isTrue();
    }

    @Test
    void theSyncPeerLeavingDuringTheDownloadDoesNotFailThePassWhenOthersServe() {
        reference.extendTip(300);
        SyncTestNode node = SyncTestNode.regtest(scheduler, FULL);
        RespondingPeer leaving = RespondingPeer.servingBest(scheduler, "leaving", reference).disconnectingAfterBlocks(30);
        RespondingPeer staying = RespondingPeer.servingBest(scheduler, "staying", reference);
        List<String> failures = new ArrayList<>();
        List<Boolean> passes = passesFrom(node, leaving, failures);
        leaving.connectTo(node);
        staying.connectTo(node);

        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(leaving.peer().isConnected()).isFalse();
        assertThat(passes).containsExactly(false);
        assertThat(failures).isEmpty();
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
    }

    // ---- forks -------------------------------------------------------------------------------------

    private SyncTestNode fullNodeSyncedTo(int height, RespondingPeer peer) {
        reference.extendTip(height);
        SyncTestNode node = SyncTestNode.regtest(scheduler, FULL);
        peer.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();
        assertThat(node.chain().blockTip().height()).isEqualTo(height);
        return node;
    }

    @Test
    void aForkWithMoreWorkArrivingLaterIsAReorgAndItsBodiesAreDownloaded() {
        RespondingPeer peer = RespondingPeer.servingBest(scheduler, "peer", reference);
        SyncTestNode node = fullNodeSyncedTo(100, peer);
        HeaderSyncData oldTip = node.chain().mainTip();
        List<Block> branch = reference.extend(at(reference, 80), 30);
        assertThat(reference.tip().hash()).isEqualTo(branch.get(29).hash());
        int tipMovesBefore = node.events().blockTips().size();

        peer.announceTip();
        scheduler.advance(100); // the announcement arrives and the pass starts
        assertThat(node.runUntilSynced(10_000)).as("well before any timeout").isTrue();

        assertThat(node.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(node.chain().index().isOnMainChain(oldTip)).isFalse();
        List<Integer> moves = node.events().blockTipHeights().subList(tipMovesBefore, node.events().blockTipHeights().size());
        assertThat(moves.get(0)).as("the block tip falls back to the fork point").isEqualTo(80);
        assertThat(moves.get(moves.size() - 1)).isEqualTo(110);
        assertThat(peer.peer().getDataRequests()).containsAll(branch.stream().map(Block::hash).toList());
        assertThat(StoreConsistencyCheck.check(node.chain().persist())).isEmpty();
    }

    @Test
    void aForkWithEqualWorkDoesNotReplaceTheTipAndItsBodiesAreNotFetched() {
        RespondingPeer ours = RespondingPeer.servingBest(scheduler, "ours", reference);
        SyncTestNode node = fullNodeSyncedTo(100, ours);
        HeaderSyncData tip = node.chain().mainTip();
        List<Block> fork = reference.extend(at(reference, 80), 20);
        RespondingPeer rival = RespondingPeer.servingBranch(scheduler, "rival", reference, fork.get(19).hash());

        rival.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(node.chain().index().contains(fork.get(19).hash())).as("the fork's headers are known").isTrue();
        assertThat(node.chain().mainTip()).isEqualTo(tip);
        assertThat(node.chain().blockTip()).isEqualTo(tip);
        assertThat(rival.peer().getDataMessages()).isEmpty();
        assertThat(node.coordinator().isCaughtUpWith(rival.peer())).isTrue();
    }

    @Test
    void aForkWithLessWorkDoesNotReplaceTheTip() {
        RespondingPeer ours = RespondingPeer.servingBest(scheduler, "ours", reference);
        SyncTestNode node = fullNodeSyncedTo(100, ours);
        HeaderSyncData tip = node.chain().mainTip();
        List<Block> fork = reference.extend(at(reference, 60), 30);
        RespondingPeer rival = RespondingPeer.servingBranch(scheduler, "rival", reference, fork.get(29).hash());

        rival.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(node.chain().index().contains(fork.get(29).hash())).isTrue();
        assertThat(node.chain().mainTip()).isEqualTo(tip);
        assertThat(node.chain().blockTip()).isEqualTo(tip);
        assertThat(rival.peer().getDataMessages()).isEmpty();
    }

    @Test
    void aPeerOnASideBranchLongerThan2000HeadersWithLessWorkDoesNotMakeTheSyncLoopForever() {
        reference.extendTip(2_100);
        HeaderSyncData ourTip = reference.tip();
        List<Block> side = reference.extend(at(reference, 10), 2_050);
        SyncTestNode node = SyncTestNode.regtest(scheduler, HEADERS_ONLY);
        RespondingPeer ours = RespondingPeer.servingBranch(scheduler, "ours", reference, ourTip.hash());
        ours.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();
        RespondingPeer sidePeer = RespondingPeer.servingBranch(scheduler, "side", reference, side.get(2_049).hash());
        List<Boolean> passes = passesFrom(node, sidePeer);

        sidePeer.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(passes).containsExactly(true, false);
        assertThat(node.chain().index().contains(side.get(2_049).hash())).isTrue();
        assertThat(node.chain().mainTip()).isEqualTo(ourTip);
        List<GetHeadersMessage> asked = sidePeer.peer().sent(GetHeadersMessage.class);
        assertThat(asked.get(1).locator().get(0)).as("the continuation: the last header of the full answer")
                .isEqualTo(side.get(1_989).hash());
    }

    // ---- a new block after the handshake -----------------------------------------------------------

    @Test
    void aBlockAnnouncedAfterTheHandshakeIsDownloadedFromThePeerThatAnnouncedIt() {
        RespondingPeer peer = RespondingPeer.servingBest(scheduler, "peer", reference);
        SyncTestNode node = fullNodeSyncedTo(100, peer);
        Block fresh = reference.extendTip(1).get(0);

        peer.announceTip();
        scheduler.advance(100); // the announcement arrives and the pass starts
        assertThat(node.runUntilSynced(10_000)).as("well before any timeout").isTrue();

        assertThat(node.chain().blockTip().hash()).isEqualTo(fresh.hash());
        assertThat(peer.peer().lastGetData()).containsExactly(fresh.hash());
    }

    @Test
    void aNodeThatLearnedHeadersFromAPeerStillWithoutTheBodiesGetsThemFromItOnceItAnnouncesThem() {
        reference.extendTip(100);
        SyncTestNode node = SyncTestNode.regtest(scheduler, FULL);
        RespondingPeer peer = RespondingPeer.servingBest(scheduler, "catching-up", reference).bodiesUpTo(0);
        peer.connectTo(node);
        scheduler.advance(5_000);
        assertThat(node.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(node.chain().blockTip().height()).isZero();

        peer.bodiesUpTo(100);
        peer.announceTip();
        scheduler.advance(100);

        assertThat(node.runUntilSynced(10_000)).isTrue();
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
    }

    // ---- restart -----------------------------------------------------------------------------------

    @Test
    void aNodeRestartedOverTheSameInMemoryStoreFetchesOnlyTheMissingBodies() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        restartScenario(() -> KeyValueSyncPersist.open(kv, "regtest"), false);
    }

    @Test
    void aNodeRestartedOverTheSameRocksDbStoreFetchesOnlyTheMissingBodies(@TempDir Path dir) {
        restartScenario(() -> RocksDbSyncPersist.open(dir, "regtest"), true);
    }

    private void restartScenario(java.util.function.Supplier<KeyValueSyncPersist> store, boolean closeBetween) {
        reference.extendTip(300);
        SyncConfig config = FULL.withBatchSize(20);
        KeyValueSyncPersist firstStore = store.get();
        SyncTestNode before = SyncTestNode.open(scheduler, firstStore, config);
        // "leaving" delivers batches 1-20, 41-60, ..., 101-120 and leaves; "silent" holds 21-40 for ever.
        RespondingPeer leaving = RespondingPeer.servingBest(scheduler, "leaving", reference).disconnectingAfterBlocks(100);
        RespondingPeer silent = RespondingPeer.servingBest(scheduler, "silent", reference).blockMode(BlockMode.SILENT);
        leaving.connectTo(before);
        silent.connectTo(before);
        assertThat(scheduler.runUntil(() -> !leaving.peer().isConnected(), TEN_MINUTES)).isTrue();
        scheduler.runPending();
        assertThat(before.chain().blockTip().height()).isEqualTo(20);
        Set<Hash> storedBefore = new HashSet<>();
        for (int h = 1; h <= 300; h++) {
            if (firstStore.hasBlock(at(reference, h).hash())) {
                storedBefore.add(at(reference, h).hash());
            }
        }
        assertThat(storedBefore).hasSize(100);
        assertThat(StoreConsistencyCheck.check(firstStore)).isEmpty();

        // The process dies here: nothing more happens to "before".
        if (closeBetween) {
            firstStore.close();
        }
        ManualScheduler later = new ManualScheduler(scheduler.nowMillis() + 60_000);
        KeyValueSyncPersist reopened = closeBetween ? store.get() : firstStore;
        SyncTestNode after = SyncTestNode.open(later, reopened, config);
        assertThat(after.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(after.chain().blockTip().height()).isEqualTo(20);
        List<Hash> expected = new ArrayList<>(TestChains.hashes(reference, 21, 40));
        expected.addAll(TestChains.hashes(reference, 121, 300));
        assertThat(after.chain().missingBodies(1_000)).extracting(HeaderSyncData::hash).isEqualTo(expected);
        RespondingPeer fresh = RespondingPeer.servingBest(later, "fresh", reference);

        fresh.connectTo(after);
        assertThat(after.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(after.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(fresh.peer().getDataRequests()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(StoreConsistencyCheck.check(reopened)).isEmpty();
        if (closeBetween) {
            reopened.close();
        }
    }

    @Test
    void aReopenedChainHasTheTipsItWasClosedWith() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        reference.extendTip(50);
        SyncTestNode node = SyncTestNode.open(scheduler, KeyValueSyncPersist.open(kv, "regtest"), FULL);
        RespondingPeer.servingBest(scheduler, "peer", reference).connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        ChainState reopened = ChainState.open(reference.params(), KeyValueSyncPersist.open(kv, "regtest"), Optional.empty());

        assertThat(reopened.mainTip()).isEqualTo(reference.tip());
        assertThat(reopened.blockTip()).isEqualTo(reference.tip());
        assertThat(reopened.missingBodies(10)).isEmpty();
    }
}
