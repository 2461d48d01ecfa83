package dev.tributary.sync.headers;

import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.chain.store.SyncPersist;
import dev.tributary.sync.TestChains;
import dev.tributary.chain.store.KeyValueSyncPersist;
import static dev.tributary.sync.TestChains.START;
import static dev.tributary.sync.TestChains.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.node.sim.RespondingPeer;
import dev.tributary.node.sim.RespondingPeer.BlockMode;
import dev.tributary.node.sim.SimNet;
import dev.tributary.node.sim.SyncingNode;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.RocksDbKeyValueStore;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
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
 * Headers-first passes of a whole simulated node against peers serving reference chains over the simulated network,
 * through the real composition (the node's chain service, peer manager and handshake; header requests, download
 * manager, coordinator) and virtual time: multi-pass sync, invalid and unconnecting headers,
 * reorgs, forks that must not win, a long side branch, and resuming after a restart.
 */
class HeadersFirstSyncTest {
    private static final long TEN_MINUTES = 600_000;
    private static final SyncConfig HEADERS_ONLY = SyncConfig.defaults().withDownloadBlocks(false);
    private static final SyncConfig FULL = SyncConfig.defaults();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimNet net = new SimNet(scheduler);
    private final ChainBuilder reference = ChainBuilder.regtest(3, START);

    /** The outcome of each pass from {@code peer}: true when it asked for another pass. */
    private static List<Boolean> passesFrom(SyncingNode node, RespondingPeer peer, List<String> failures) {
        List<Boolean> passes = new ArrayList<>();
        node.coordinator().addPassListener((p, more, failure) -> {
            if (p.id() == peer.peer().id()) {
                passes.add(more);
                failure.ifPresent(f -> failures.add(f.toString()));
            }
        });
        return passes;
    }

    private static List<Boolean> passesFrom(SyncingNode node, RespondingPeer peer) {
        return passesFrom(node, peer, new ArrayList<>());
    }

    private static BlockHeader withBits(BlockHeader h, long bits) {
        return new BlockHeader(h.version(), h.prevHash(), h.merkleRoot(), h.time(), bits, h.nonce());
    }

    // ---- the happy path ----------------------------------------------------------------------------

    @Test
    void syncsMoreThan2000HeadersInSeveralPassesThatAnswerTrueThenFalse() {
        reference.extendTip(2_500);
        SyncingNode node = SyncingNode.regtest(net, HEADERS_ONLY);
        RespondingPeer peer = RespondingPeer.servingBest(net, "peer", reference);
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
        assertThat(node.coordinator().isCaughtUpWith(peer.peer().syncPeer())).isTrue();
    }

    @Test
    void aFullNodeStoresEveryBodyFromAllPeersAndEndsWithTheBlockTipAtTheMainTip() {
        reference.extendTip(2_100);
        SyncingNode node = SyncingNode.regtest(net, FULL);
        RespondingPeer first = RespondingPeer.servingBest(net, "first", reference);
        RespondingPeer second = RespondingPeer.servingBest(net, "second", reference);
        List<Boolean> passes = passesFrom(node, first);

        RespondingPeer.connectAll(node, first, second);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(passes).containsExactly(true, false);
        assertThat(node.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(node.events().blocksStored()).hasSize(2_100);
        assertThat(node.events().blocksStoredFrom(first.peer().id())).isPositive();
        assertThat(node.events().blocksStoredFrom(second.peer().id())).isPositive();
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
        SyncingNode node = SyncingNode.regtest(net, HEADERS_ONLY);
        RespondingPeer peer = RespondingPeer.servingBest(net, "liar", reference).tamperingHeaders(headers -> {
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
        SyncingNode node = SyncingNode.regtest(net, HEADERS_ONLY);
        // Header 31 left out: header 32 does not follow header 30 ("non-continuous-headers", 20 points).
        RespondingPeer peer = RespondingPeer.servingBest(net, "gappy", reference).tamperingHeaders(headers -> {
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
        SyncingNode node = SyncingNode.regtest(net, FULL);
        RespondingPeer peer = RespondingPeer.servingBest(net, "stranger", reference)
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
        SyncingNode node = SyncingNode.regtest(net, FULL);
        RespondingPeer mute = RespondingPeer.servingBest(net, "mute", reference).answeringHeaders(false);
        RespondingPeer good = RespondingPeer.servingBest(net, "good", reference);
        List<String> failures = new ArrayList<>();
        List<Boolean> mutePasses = passesFrom(node, mute, failures);
        RespondingPeer.connectAll(node, mute, good);

        scheduler.advance(FULL.headersTimeoutMillis() - 1);
        assertThat(mute.peer().isConnected()).isTrue();
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(mute.peer().disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("getheaders"));
        assertThat(mutePasses).containsExactly(false);
        assertThat(failures).singleElement().asString().contains("TimeoutException");
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(node.coordinator().isCaughtUpWith(good.peer().syncPeer())).isTrue();
    }

    @Test
    void theSyncPeerLeavingDuringTheDownloadDoesNotFailThePassWhenOthersServe() {
        reference.extendTip(300);
        SyncingNode node = SyncingNode.regtest(net, FULL);
        RespondingPeer leaving = RespondingPeer.servingBest(net, "leaving", reference).disconnectingAfterBlocks(30);
        RespondingPeer staying = RespondingPeer.servingBest(net, "staying", reference);
        List<String> failures = new ArrayList<>();
        List<Boolean> passes = passesFrom(node, leaving, failures);
        RespondingPeer.connectAll(node, leaving, staying);

        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(leaving.peer().isConnected()).isFalse();
        assertThat(passes).containsExactly(false);
        assertThat(failures).isEmpty();
        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
    }

    // ---- forks -------------------------------------------------------------------------------------

    private SyncingNode fullNodeSyncedTo(int height, RespondingPeer peer) {
        reference.extendTip(height);
        SyncingNode node = SyncingNode.regtest(net, FULL);
        peer.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();
        assertThat(node.chain().blockTip().height()).isEqualTo(height);
        return node;
    }

    @Test
    void aForkWithMoreWorkArrivingLaterIsAReorgAndItsBodiesAreDownloaded() {
        RespondingPeer peer = RespondingPeer.servingBest(net, "peer", reference);
        SyncingNode node = fullNodeSyncedTo(100, peer);
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
        RespondingPeer ours = RespondingPeer.servingBest(net, "ours", reference);
        SyncingNode node = fullNodeSyncedTo(100, ours);
        HeaderSyncData tip = node.chain().mainTip();
        List<Block> fork = reference.extend(at(reference, 80), 20);
        RespondingPeer rival = RespondingPeer.servingBranch(net, "rival", reference, fork.get(19).hash());

        rival.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(node.chain().index().contains(fork.get(19).hash())).as("the fork's headers are known").isTrue();
        assertThat(node.chain().mainTip()).isEqualTo(tip);
        assertThat(node.chain().blockTip()).isEqualTo(tip);
        assertThat(rival.peer().getDataMessages()).isEmpty();
        assertThat(node.coordinator().isCaughtUpWith(rival.peer().syncPeer())).isTrue();
    }

    @Test
    void aForkWithLessWorkDoesNotReplaceTheTip() {
        RespondingPeer ours = RespondingPeer.servingBest(net, "ours", reference);
        SyncingNode node = fullNodeSyncedTo(100, ours);
        HeaderSyncData tip = node.chain().mainTip();
        List<Block> fork = reference.extend(at(reference, 60), 30);
        RespondingPeer rival = RespondingPeer.servingBranch(net, "rival", reference, fork.get(29).hash());

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
        SyncingNode node = SyncingNode.regtest(net, HEADERS_ONLY);
        RespondingPeer ours = RespondingPeer.servingBranch(net, "ours", reference, ourTip.hash());
        ours.connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();
        RespondingPeer sidePeer = RespondingPeer.servingBranch(net, "side", reference, side.get(2_049).hash());
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
        RespondingPeer peer = RespondingPeer.servingBest(net, "peer", reference);
        SyncingNode node = fullNodeSyncedTo(100, peer);
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
        SyncingNode node = SyncingNode.regtest(net, FULL);
        RespondingPeer peer = RespondingPeer.servingBest(net, "catching-up", reference).bodiesUpTo(0);
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

    // ---- restart ----------------------------------------------------------------------------------

    @Test
    void aNodeRestartedOverTheSameInMemoryStoreFetchesOnlyTheMissingBodies() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        restartScenario(() -> kv, false);
    }

    @Test
    void aNodeRestartedOverTheSameRocksDbStoreFetchesOnlyTheMissingBodies(@TempDir Path dir) {
        restartScenario(() -> RocksDbKeyValueStore.open(dir), true);
    }

    private void restartScenario(java.util.function.Supplier<KeyValueStore> store, boolean closeBetween) {
        reference.extendTip(300);
        SyncConfig config = FULL.withBatchSize(20);
        KeyValueStore firstStore = store.get();
        SyncingNode before = SyncingNode.open(net, "before", firstStore, config);
        // "leaving" delivers batches 1-20, 41-60, ..., 101-120 and leaves; "silent" holds 21-40 for ever.
        RespondingPeer leaving = RespondingPeer.servingBest(net, "leaving", reference).disconnectingAfterBlocks(100);
        RespondingPeer silent = RespondingPeer.servingBest(net, "silent", reference).blockMode(BlockMode.SILENT);
        RespondingPeer.connectAll(before, leaving, silent);
        assertThat(scheduler.runUntil(() -> !leaving.peer().isConnected(), TEN_MINUTES)).isTrue();
        scheduler.runPending();
        assertThat(before.chain().blockTip().height()).isEqualTo(20);
        SyncPersist firstPersist = before.chain().persist();
        Set<Hash> storedBefore = new HashSet<>();
        for (int h = 1; h <= 300; h++) {
            if (firstPersist.hasBlock(at(reference, h).hash())) {
                storedBefore.add(at(reference, h).hash());
            }
        }
        assertThat(storedBefore).hasSize(100);
        assertThat(StoreConsistencyCheck.check(firstPersist)).isEmpty();

        // The process dies here: nothing more happens to "before".
        before.crash();
        if (closeBetween) {
            firstStore.close();
        }
        scheduler.advance(60_000);
        KeyValueStore reopened = closeBetween ? store.get() : firstStore;
        SyncingNode after = SyncingNode.open(net, "after", reopened, config);
        assertThat(after.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(after.chain().blockTip().height()).isEqualTo(20);
        List<Hash> expected = new ArrayList<>(TestChains.hashes(reference, 21, 40));
        expected.addAll(TestChains.hashes(reference, 121, 300));
        assertThat(after.chain().missingBodies(1_000)).extracting(HeaderSyncData::hash).isEqualTo(expected);
        RespondingPeer fresh = RespondingPeer.servingBest(net, "fresh", reference);

        fresh.connectTo(after);
        assertThat(after.runUntilSynced(TEN_MINUTES)).isTrue();

        assertThat(after.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(fresh.peer().getDataRequests()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(StoreConsistencyCheck.check(after.chain().persist())).isEmpty();
        if (closeBetween) {
            after.crash();
            reopened.close();
        }
    }

    @Test
    void aReopenedChainHasTheTipsItWasClosedWith() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        reference.extendTip(50);
        SyncingNode node = SyncingNode.open(net, "node", kv, FULL);
        RespondingPeer.servingBest(net, "peer", reference).connectTo(node);
        assertThat(node.runUntilSynced(TEN_MINUTES)).isTrue();

        ChainState reopened = ChainState.open(reference.params(),
                KeyValueSyncPersist.open(kv.keyspace("regtest"), "regtest"), Optional.empty());

        assertThat(reopened.mainTip()).isEqualTo(reference.tip());
        assertThat(reopened.blockTip()).isEqualTo(reference.tip());
        assertThat(reopened.missingBodies(10)).isEmpty();
    }
}
