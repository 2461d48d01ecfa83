package dev.tributary.sync.headers;

import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.TestChains;
import static dev.tributary.sync.TestChains.START;
import static dev.tributary.sync.TestChains.blockAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.testing.RecordingSyncListener;
import dev.tributary.chain.Block;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The block download against recording peers, with time stepped by hand: who is asked for what, when
 * (batches, the window, one batch in flight per peer), and what happens when peers disconnect, lack
 * blocks, stall, send nothing or send invalid blocks.
 */
class DownloadManagerTest {
    private static final long MINUTES_10 = 600_000;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ChainBuilder builder = ChainBuilder.regtest(21, START);
    private final ChainState chain = TestChains.emptyRegtest();
    private final RecordingSyncListener events = new RecordingSyncListener();
    private DownloadManager manager;
    private CompletableFuture<Void> download;

    private static SyncConfig config(int batch, int window) {
        return SyncConfig.defaults().withBatchSize(batch).withWindow(window, 2000);
    }

    /** Stall tests: only the stall rule may drop a peer, and the download does not give up. */
    private static SyncConfig stallConfig(int batch, int window) {
        return config(batch, window).withTimeouts(2_000, MINUTES_10, 120_000, MINUTES_10);
    }

    /** A chain of {@code count} blocks whose headers the node has; starts downloading the bodies. */
    private void start(int count, SyncConfig config, FakeSyncPeer... peers) {
        builder.extendTip(count);
        TestChains.recordMainChain(chain, builder, count);
        manager = new DownloadManager(chain, scheduler, config, events);
        for (FakeSyncPeer p : peers) {
            manager.addPeer(p);
        }
        download = manager.download(chain.missingBodies(10_000));
    }

    private static FakeSyncPeer peer(String name) {
        return FakeSyncPeer.named(name);
    }

    private void deliver(FakeSyncPeer from, int... heights) {
        for (int h : heights) {
            manager.onBlock(from, blockAt(builder, h));
        }
    }

    private List<Hash> hashes(int from, int to) {
        return TestChains.hashes(builder, from, to);
    }

    private int heightOf(Hash h) {
        return chain.index().get(h).orElseThrow().height();
    }

    private static List<InventoryItem> blockItems(List<Hash> hashes) {
        return hashes.stream().map(InventoryItem::block).toList();
    }

    /** Every peer answers everything it was asked and has not yet stored, until the download ends. */
    private void answerUntilDone(FakeSyncPeer... peers) {
        for (int round = 0; round < 10_000 && !download.isDone(); round++) {
            boolean any = false;
            for (FakeSyncPeer p : peers) {
                if (!p.isConnected()) {
                    continue;
                }
                for (Hash h : p.lastGetData()) {
                    if (!chain.hasBody(h)) {
                        manager.onBlock(p, builder.block(h).orElseThrow());
                        any = true;
                    }
                }
            }
            if (!any) {
                scheduler.advance(250);
            }
        }
        assertThat(download).isCompleted();
    }

    /** How many times each hash was asked for, across all peers. */
    private static Map<Hash, Integer> requestCounts(FakeSyncPeer... peers) {
        Map<Hash, Integer> counts = new HashMap<>();
        for (FakeSyncPeer p : peers) {
            p.getDataRequests().forEach(h -> counts.merge(h, 1, Integer::sum));
        }
        return counts;
    }

    // ---- batches -----------------------------------------------------------------------------------

    @Test
    void idlePeersEachGetOneBatchOfBatchSizeLowestFirst() {
        FakeSyncPeer a = peer("a");
        FakeSyncPeer b = peer("b");
        FakeSyncPeer c = peer("c");
        start(40, config(4, 1024), a, b, c);

        assertThat(a.getDataMessages()).hasSize(1);
        assertThat(a.getDataRequests()).isEqualTo(hashes(1, 4));
        assertThat(b.getDataRequests()).isEqualTo(hashes(5, 8));
        assertThat(c.getDataRequests()).isEqualTo(hashes(9, 12));
        assertThat(manager.progress().inFlightPerPeer()).containsEntry("a", 4).containsEntry("b", 4).containsEntry("c", 4);
        assertThat(manager.progress().queuedBatches()).isEqualTo(7);
    }

    @Test
    void aPeerGetsItsNextBatchOnlyAfterTheLastBlockOfItsBatchArrives() {
        FakeSyncPeer a = peer("a");
        FakeSyncPeer b = peer("b");
        start(40, config(4, 1024), a, b);

        deliver(a, 1, 2, 3);
        scheduler.advance(1_000);
        assertThat(a.getDataMessages()).as("one batch in flight per peer").hasSize(1);

        deliver(a, 4);
        assertThat(a.getDataMessages()).hasSize(2);
        assertThat(a.lastGetData()).isEqualTo(hashes(9, 12));
        assertThat(b.getDataMessages()).hasSize(1);
    }

    @Test
    void aPeerServingWitnessIsAskedForWitnessBlocksAndOtherPeersForPlainOnes() {
        FakeSyncPeer witness = peer("witness").servingWitness(true);
        FakeSyncPeer legacy = peer("legacy");
        start(8, config(4, 1024), witness, legacy);

        assertThat(witness.lastSent(GetDataMessage.class).orElseThrow().items())
                .extracting(InventoryItem::type).containsOnly(InventoryItem.WITNESS_BLOCK);
        assertThat(legacy.lastSent(GetDataMessage.class).orElseThrow().items())
                .extracting(InventoryItem::type).containsOnly(InventoryItem.BLOCK);
    }

    @Test
    void peersThatDoNotServeBlocksAreNeverAsked() {
        FakeSyncPeer headersOnly = peer("headers-only").servingBlocks(false);
        FakeSyncPeer full = peer("full");
        start(8, config(4, 1024), headersOnly, full);
        answerUntilDone(full);

        assertThat(headersOnly.getDataMessages()).isEmpty();
        assertThat(manager.deliveredPerPeer()).containsOnlyKeys("full");
    }

    @Test
    void aPeerIsNotAskedForABatchAboveTheHeightItIsKnownToHave() {
        FakeSyncPeer shortPeer = peer("short").withBestKnownHeight(6);
        FakeSyncPeer longPeer = peer("long").withBestKnownHeight(40);
        start(12, config(4, 1024), shortPeer, longPeer);

        assertThat(shortPeer.lastGetData()).isEqualTo(hashes(1, 4));
        assertThat(longPeer.lastGetData()).isEqualTo(hashes(5, 8));
        deliver(shortPeer, 1, 2, 3, 4);
        assertThat(shortPeer.getDataMessages()).as("batch 9..12 ends above height 6").hasSize(1);
        deliver(longPeer, 5, 6, 7, 8);
        assertThat(longPeer.lastGetData()).isEqualTo(hashes(9, 12));
    }

    // ---- the window --------------------------------------------------------------------------------

    @Test
    void noBatchIsHandedOutWhoseFirstBlockIsBeyondTheWindowPastTheBlockTip() {
        List<FakeSyncPeer> peers = new ArrayList<>();
        List<String> beyond = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FakeSyncPeer p = peer("p" + i);
            p.onSend(m -> {
                if (m instanceof GetDataMessage g) {
                    int first = heightOf(g.items().get(0).hash());
                    if (first > chain.blockTip().height() + 8) {
                        beyond.add(p.label() + " asked for " + first + " with block tip " + chain.blockTip().height());
                    }
                }
            });
            peers.add(p);
        }
        start(40, config(4, 8), peers.toArray(FakeSyncPeer[]::new));

        assertThat(peers.get(0).lastGetData()).isEqualTo(hashes(1, 4));
        assertThat(peers.get(1).lastGetData()).isEqualTo(hashes(5, 8));
        assertThat(peers.subList(2, 5)).allSatisfy(p -> assertThat(p.getDataMessages()).isEmpty());

        deliver(peers.get(1), 5, 6, 7, 8);
        assertThat(peers.get(1).getDataMessages()).as("block 9 is beyond tip 0 + window 8").hasSize(1);
        deliver(peers.get(0), 1);
        assertThat(peers.get(1).lastGetData()).as("tip 1: block 9 is now inside the window").isEqualTo(hashes(9, 12));

        answerUntilDone(peers.toArray(FakeSyncPeer[]::new));
        assertThat(beyond).isEmpty();
        assertThat(chain.blockTip().height()).isEqualTo(40);
    }

    // ---- never twice -------------------------------------------------------------------------------

    @Test
    void aBlockThatArrivedFromAPeerNotAskedForItIsNotRequestedAgainWhenItsBatchIsRequeued() {
        FakeSyncPeer a = peer("a");
        FakeSyncPeer b = peer("b");
        FakeSyncPeer c = peer("c");
        start(12, config(4, 1024), a, b, c);

        assertThat(manager.onBlock(b, blockAt(builder, 2))).as("a wanted block from anyone is taken").isTrue();
        assertThat(chain.hasBody(hashes(2, 2).get(0))).isTrue();
        a.disconnect("gone");
        manager.removePeer(a);
        deliver(c, 9, 10, 11, 12);

        assertThat(c.lastGetData()).isEqualTo(List.of(hashes(1, 1).get(0), hashes(3, 3).get(0), hashes(4, 4).get(0)));
        answerUntilDone(b, c);
        assertThat(requestCounts(a, b, c).get(hashes(2, 2).get(0))).isEqualTo(1);
    }

    @Test
    void aBlockArrivingLateFromAStalledPeerIsNeverRequestedAgain() {
        FakeSyncPeer staller = peer("staller");
        FakeSyncPeer slow = peer("slow");
        FakeSyncPeer idle = peer("idle");
        start(20, stallConfig(4, 8), staller, slow, idle);
        scheduler.advance(2_500);
        assertThat(staller.disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("stalling"));
        assertThat(idle.lastGetData()).isEqualTo(hashes(1, 4));

        assertThat(manager.onBlock(staller, blockAt(builder, 1))).as("late block from the dropped peer").isTrue();
        deliver(idle, 2, 3, 4);
        answerUntilDone(slow, idle);

        Map<Hash, Integer> counts = requestCounts(staller, slow, idle);
        assertThat(counts.get(hashes(1, 1).get(0))).isEqualTo(2);
        for (Hash h : hashes(5, 20)) {
            assertThat(counts.get(h)).as("block %d", heightOf(h)).isEqualTo(1);
        }
        assertThat(chain.blockTip().height()).isEqualTo(20);
    }

    @Test
    void aDisconnectedPeersUndeliveredBlocksGoToTheHeadOfTheQueueAndToTheNextIdlePeer() {
        FakeSyncPeer a = peer("a");
        FakeSyncPeer b = peer("b");
        start(20, config(4, 1024), a, b);

        deliver(a, 1, 2);
        a.disconnect("connection reset");
        manager.removePeer(a);
        assertThat(manager.progress().inFlightPerPeer()).doesNotContainKey("a");
        deliver(b, 5, 6, 7, 8);

        assertThat(b.lastGetData()).isEqualTo(hashes(3, 4));
        answerUntilDone(b);
        assertThat(chain.blockTip().height()).isEqualTo(20);
    }

    @Test
    void notFoundBlocksGoToAnotherPeerAndAreNotAskedOfThePeerThatLacksThem() {
        FakeSyncPeer lacking = peer("lacking");
        FakeSyncPeer full = peer("full");
        start(8, config(4, 1024), lacking, full);

        manager.onNotFound(lacking, blockItems(hashes(1, 4)));
        assertThat(lacking.getDataMessages()).hasSize(1);
        deliver(full, 5, 6, 7, 8);
        assertThat(full.lastGetData()).isEqualTo(hashes(1, 4));
        answerUntilDone(full);

        assertThat(lacking.getDataRequests()).isEqualTo(hashes(1, 4));
        assertThat(chain.blockTip().height()).isEqualTo(8);
    }

    @Test
    void blocksGivenBackAfterAPartialNotFoundGoBackInHeightOrderSoTheWindowStartIsFetchedFirst() {
        // Regression: the blocks still in flight went back ahead of the lower ones the peer lacked, so a batch
        // beyond the window sat at the head of the queue; idle peers got nothing and a stall went unnoticed.
        FakeSyncPeer first = peer("first");
        FakeSyncPeer partial = peer("partial");
        FakeSyncPeer idle = peer("idle");
        start(20, stallConfig(4, 5), first, partial, idle);
        assertThat(partial.lastGetData()).isEqualTo(hashes(5, 8));
        assertThat(idle.getDataMessages()).as("block 9 is beyond the window").isEmpty();

        manager.onNotFound(partial, blockItems(hashes(5, 5)));

        assertThat(idle.lastGetData()).isEqualTo(hashes(5, 5));
        deliver(first, 1, 2, 3, 4);
        assertThat(first.lastGetData()).as("then the rest, lowest first").isEqualTo(hashes(6, 8));
    }

    // ---- stalls and timeouts -----------------------------------------------------------------------

    @Test
    void thePeerHoldingTheWindowStartIsDroppedAfterTheStallTimeoutWhileAnIdlePeerWaits() {
        FakeSyncPeer staller = peer("staller");
        FakeSyncPeer busy = peer("busy");
        FakeSyncPeer idle = peer("idle");
        start(20, stallConfig(4, 8), staller, busy, idle);
        assertThat(idle.getDataMessages()).as("the window is full").isEmpty();

        scheduler.advance(2_250);
        assertThat(staller.isConnected()).as("stalling for 2 s, not more").isTrue();
        scheduler.advance(250);

        assertThat(staller.disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("stalling").contains("height 1"));
        assertThat(busy.isConnected()).as("it does not hold the window start").isTrue();
        assertThat(idle.lastGetData()).isEqualTo(hashes(1, 4));
    }

    @Test
    void noPeerIsStallingWhenNoIdlePeerWaits() {
        FakeSyncPeer a = peer("a");
        FakeSyncPeer b = peer("b");
        start(20, stallConfig(4, 8), a, b);

        scheduler.advance(30_000);

        assertThat(a.isConnected()).isTrue();
        assertThat(b.isConnected()).isTrue();
    }

    @Test
    void theStallTimeoutDoublesWithEachStallUpTo64Seconds() {
        List<FakeSyncPeer> peers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            peers.add(peer("p" + i));
        }
        start(20, stallConfig(4, 8), peers.toArray(FakeSyncPeer[]::new));

        List<Long> expected = List.of(2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 64_000L);
        List<Long> waited = new ArrayList<>();
        FakeSyncPeer holder = peers.get(0);
        for (int i = 0; i < expected.size(); i++) {
            long since = scheduler.nowMillis();
            FakeSyncPeer h = holder;
            assertThat(scheduler.runUntil(() -> !h.isConnected(), 100_000)).isTrue();
            assertThat(h.disconnectReason().orElseThrow()).contains("stalling");
            waited.add(scheduler.nowMillis() - since);
            holder = peers.stream().filter(p -> p.isConnected() && p.lastGetData().equals(hashes(1, 4)))
                    .findFirst().orElseThrow();
        }

        for (int i = 0; i < expected.size(); i++) {
            // The stall is noticed on the first 250 ms tick after the batch is handed out, and acted on at the
            // first tick after the timeout.
            assertThat(waited.get(i)).as("stall %d", i + 1).isGreaterThan(expected.get(i)).isLessThanOrEqualTo(expected.get(i) + 500);
        }
    }

    @Test
    void theStallTimeoutEasesBack15PercentPerConnectedBlock() {
        FakeSyncPeer staller = peer("staller");
        FakeSyncPeer holder = peer("holder");
        FakeSyncPeer helper = peer("helper");
        FakeSyncPeer idle = peer("idle");
        start(20, stallConfig(4, 8), staller, holder, helper, idle);
        scheduler.advance(2_500);
        assertThat(staller.isConnected()).isFalse();
        assertThat(helper.lastGetData()).isEqualTo(hashes(1, 4));

        // The stall timeout is now 4 s. Four blocks connect at once: 4 s x 0.85^4 = 2.09 s.
        deliver(helper, 2, 3, 4, 1);
        assertThat(chain.blockTip().height()).isEqualTo(4);
        long connectedAt = scheduler.nowMillis();
        assertThat(scheduler.runUntil(() -> !holder.isConnected(), 20_000)).isTrue();

        assertThat(holder.disconnectReason().orElseThrow()).contains("stalling").contains("height 5");
        // 2.09 s acts on the tick 2.25 s after the stall is noticed (one tick after the blocks); 3.4 s (eased
        // once for the tip move) would take 3.5 s after it.
        assertThat(scheduler.nowMillis() - connectedAt).isLessThanOrEqualTo(2_500);
    }

    @Test
    void aPeerThatDeliversNothingWithinTheProgressTimeoutIsDropped() {
        FakeSyncPeer silent = peer("silent");
        start(8, config(4, 1024), silent);

        scheduler.advance(60_000);
        assertThat(silent.isConnected()).isTrue();
        scheduler.advance(250);

        assertThat(silent.disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("delivered no block"));
    }

    @Test
    void aPeerDeliveringSlowlyButSteadilyIsKept() {
        FakeSyncPeer slow = peer("slow");
        start(8, config(4, 1024), slow);

        for (int h = 1; h <= 8; h++) {
            scheduler.advance(50_000);
            deliver(slow, h);
        }

        assertThat(slow.isConnected()).isTrue();
        assertThat(download).isCompleted();
    }

    @Test
    void aDownloadThatNoPeerAdvancesFailsAfterTheNoPeerTimeout() {
        start(8, config(4, 1024));

        scheduler.advance(60_000);
        assertThat(download).isNotDone();
        scheduler.advance(250);

        assertThat(download).isCompletedExceptionally();
        assertThat(download.handle((v, e) -> e).join()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no peer delivered a block").hasMessageContaining("8 of 8 blocks missing");
        assertThat(manager.isDownloading()).isFalse();
    }

    @Test
    void whenTheOnlyPeerIsDroppedForSilenceTheDownloadFails() {
        FakeSyncPeer silent = peer("silent");
        start(8, config(4, 1024), silent);

        assertThat(scheduler.runUntil(download::isDone, MINUTES_10)).isTrue();

        assertThat(silent.isConnected()).isFalse();
        assertThat(download).isCompletedExceptionally();
    }

    // ---- invalid blocks ----------------------------------------------------------------------------

    @Test
    void aBlockWithABadMerkleRootIsPenalizedNotStoredAndFetchedFromAnotherPeer() {
        FakeSyncPeer liar = peer("liar");
        FakeSyncPeer honest = peer("honest");
        start(8, config(4, 1024), liar, honest);
        Block genuine = blockAt(builder, 2);
        Block mutated = new Block(genuine.header(), List.of(blockAt(builder, 3).transactions().get(0)));

        assertThat(manager.onBlock(liar, mutated)).isTrue();

        assertThat(liar.misbehaviourScore()).isEqualTo(100);
        assertThat(liar.misbehaviourReasons()).singleElement().asString()
                .contains("invalid block " + genuine.hash()).contains("Merkle root");
        assertThat(chain.hasBody(genuine.hash())).isFalse();
        deliver(honest, 5, 6, 7, 8);
        assertThat(honest.lastGetData()).isEqualTo(List.of(genuine.hash()));

        manager.removePeer(liar);
        answerUntilDone(honest);
        assertThat(chain.blockTip().height()).isEqualTo(8);
        assertThat(chain.persist().getBlock(genuine.hash())).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(genuine.serialize()));
    }

    // ---- the future --------------------------------------------------------------------------------

    @Test
    void theFutureCompletesAtOnceWhenEveryBodyIsAlreadyStored() {
        start(4, config(4, 1024));
        FakeSyncPeer unknown = peer("not a download peer");
        for (int h = 1; h <= 4; h++) {
            assertThat(manager.onBlock(unknown, blockAt(builder, h))).isTrue();
        }
        assertThat(download).isCompleted();

        assertThat(manager.download(List.of(TestChains.at(builder, 1), TestChains.at(builder, 2)))).isCompleted();
        assertThat(manager.download(List.of())).isCompleted();
        assertThat(manager.onBlock(unknown, blockAt(builder, 1))).as("no download wants it").isFalse();
    }

    @Test
    void aSecondDownloadWhileOneRunsFailsAtOnceAndTheFirstStillCompletes() {
        FakeSyncPeer a = peer("a");
        start(8, config(4, 1024), a);

        CompletableFuture<Void> second = manager.download(List.of(TestChains.at(builder, 1)));

        assertThat(second).isCompletedExceptionally();
        answerUntilDone(a);
        assertThat(download).isCompleted();
    }

    @Test
    void theDownloadCompletesWhenTheLastBlockIsStoredAndStopsTicking() {
        FakeSyncPeer a = peer("a");
        start(8, config(4, 1024), a);
        answerUntilDone(a);

        assertThat(manager.isDownloading()).isFalse();
        assertThat(scheduler.pendingTimers()).isZero();
        assertThat(events.blocksStored()).hasSize(8);
        assertThat(manager.deliveredPerPeer()).containsEntry("a", 8L);
    }

    // ---- peers that advance ------------------------------------------------------------------------

    @Test
    void anAnnouncementAssignsWorkAtOnceToAPeerWhoseKnownHeightRose() {
        // Regression: a node that learned headers from a peer that had no bodies yet waited forever for it.
        FakeSyncPeer behind = peer("behind").withBestKnownHeight(4);
        start(8, config(4, 1024), behind);
        deliver(behind, 1, 2, 3, 4);
        assertThat(behind.getDataMessages()).hasSize(1);

        manager.onBlockAnnounced(behind, 8);

        assertThat(behind.getDataMessages()).hasSize(2);
        assertThat(behind.lastGetData()).isEqualTo(hashes(5, 8));
    }

    @Test
    void aPeerThatAnsweredNotFoundIsAskedAgainOnceItAnnouncesAHigherBlock() {
        // Regression: notfound excluded the peer for the rest of the download, even after it announced the
        // blocks, so a node whose only peer was still downloading them waited until the download failed.
        FakeSyncPeer catchingUp = peer("catching-up").withBestKnownHeight(8);
        start(12, config(4, 1024), catchingUp);
        manager.onNotFound(catchingUp, blockItems(hashes(1, 4)));
        scheduler.advance(1_000);
        assertThat(catchingUp.getDataMessages()).hasSize(1);

        manager.onBlockAnnounced(catchingUp, 12);

        assertThat(catchingUp.getDataMessages()).hasSize(2);
        assertThat(catchingUp.lastGetData()).isEqualTo(hashes(1, 4));
        answerUntilDone(catchingUp);
        assertThat(chain.blockTip().height()).isEqualTo(12);
    }

    @Test
    void anAnnouncementAtTheHeightAlreadyCreditedStillLiftsANotFound() {
        // Regression: a peer credited with height 8 from the headers it sent answered notfound (it served
        // headers before having the bodies); its later announcement of block 8 did not raise its known
        // height, so nothing lifted the notfound and the download waited for the no-peer timeout.
        FakeSyncPeer early = peer("early").withBestKnownHeight(8);
        start(8, config(4, 1024), early);
        manager.onNotFound(early, blockItems(hashes(1, 4)));
        assertThat(early.getDataMessages()).hasSize(1);

        manager.onBlockAnnounced(early, 8);

        assertThat(early.getDataMessages()).hasSize(2);
        answerUntilDone(early);
        assertThat(chain.blockTip().height()).isEqualTo(8);
    }

    @Test
    void aPeerThatAnsweredNotFoundAndAnnouncesNothingIsAskedAgainAfterARetryDelayThatDoublesWhileItLacksThem() {
        // Regression (seen in `tributary demo`): a peer that served headers before it had the blocks answered
        // notfound, then got them; having received our headers, it took us for having the blocks and never
        // announced them, so the download waited for the no-peer timeout (60 s).
        FakeSyncPeer early = peer("early").withBestKnownHeight(8);
        start(8, config(4, 1024), early);
        manager.onNotFound(early, blockItems(hashes(1, 4)));
        scheduler.advance(DownloadManager.NOT_FOUND_RETRY_MILLIS - 250);
        assertThat(early.getDataMessages()).hasSize(1);
        scheduler.advance(250);
        assertThat(early.getDataMessages()).as("asked again after the delay").hasSize(2);
        assertThat(early.lastGetData()).isEqualTo(hashes(1, 4));

        manager.onNotFound(early, blockItems(hashes(1, 4)));
        scheduler.advance(2 * DownloadManager.NOT_FOUND_RETRY_MILLIS - 250);
        assertThat(early.getDataMessages()).as("the delay doubled").hasSize(2);
        scheduler.advance(250);
        assertThat(early.getDataMessages()).hasSize(3);

        answerUntilDone(early);
        assertThat(chain.blockTip().height()).isEqualTo(8);
    }

    @Test
    void theHeadersSourceIsAskedForBlocksAboveItsAdvertisedHeightAndNotAgainAfterNotFound() {
        FakeSyncPeer source = peer("source").withBestKnownHeight(0);
        FakeSyncPeer other = peer("other").withBestKnownHeight(0);
        builder.extendTip(8);
        TestChains.recordMainChain(chain, builder, 8);
        manager = new DownloadManager(chain, scheduler, config(4, 1024), events);
        manager.addPeer(source);
        manager.addPeer(other);

        download = manager.download(chain.missingBodies(100), source);

        assertThat(source.lastGetData()).isEqualTo(hashes(1, 4));
        assertThat(other.getDataMessages()).as("it is known to have nothing above 0").isEmpty();
        deliver(source, 1, 2, 3, 4);
        assertThat(source.lastGetData()).isEqualTo(hashes(5, 8));
        manager.onNotFound(source, blockItems(hashes(5, 8)));
        scheduler.advance(1_000);
        assertThat(source.getDataMessages()).hasSize(2);
    }

    @Test
    void whenEveryPeerAnsweredNotFoundForTheNextBlockTheDownloadSaysSoAndWaits() {
        FakeSyncPeer source = peer("source").withBestKnownHeight(0);
        FakeSyncPeer other = peer("other");
        builder.extendTip(8);
        TestChains.recordMainChain(chain, builder, 8);
        manager = new DownloadManager(chain, scheduler, config(4, 1024), events);
        int[] told = {0};
        manager.addUnservedListener(() -> told[0]++);
        manager.addPeer(source);
        manager.addPeer(other);
        download = manager.download(chain.missingBodies(100), source);
        assertThat(manager.unservedBlock()).isEmpty();

        manager.onNotFound(source, blockItems(source.lastGetData()));
        assertThat(manager.unservedBlock()).as("other may still have it").isEmpty();
        manager.onNotFound(other, blockItems(other.lastGetData()));
        assertThat(other.lastGetData()).as("it may have the lower ones").isEqualTo(hashes(1, 4));
        assertThat(told[0]).isZero();
        manager.onNotFound(other, blockItems(other.lastGetData()));

        assertThat(told[0]).isEqualTo(1);
        assertThat(manager.unservedBlock()).hasValue("no peer has block 1 (" + hashes(1, 1).get(0)
                + "): source, other answered each that it does not have it");
        assertThat(download).as("a running node waits for an announcement").isNotDone();
        manager.onBlockAnnounced(other, 8);
        assertThat(manager.unservedBlock()).isEmpty();
    }

    @Test
    void aPeerJoiningDuringADownloadTakesPart() {
        FakeSyncPeer first = peer("first");
        start(12, config(4, 1024), first);
        FakeSyncPeer late = peer("late");

        manager.addPeer(late);

        assertThat(late.lastGetData()).isEqualTo(hashes(5, 8));
    }

    // ---- blocks that break a rule ------------------------------------------------------------------

    /** A transaction with an input but no output: "bad-txns-vout-empty", which no transit damage explains. */
    private static Transaction withoutOutputs() {
        return new Transaction(2, List.of(new TxInput(new OutPoint(Hash.wrap(new byte[32]), 0), new byte[] {1}, 0, List.of())),
                List.of(), 0);
    }

    @Test
    void aBlockWhoseBodyBreaksARuleIsMarkedInvalidTheChainFallsBackToTheBestValidOneAndTheDownloadEnds() {
        // Regression: every peer that served a consensus-invalid block was penalized and asked again, forever,
        // and the node stayed on a chain it could never complete (Core marks it invalid: InvalidBlockFound).
        FakeSyncPeer a = peer("a");
        builder.extendTip(3);
        Block bad = builder.mine(builder.tip(), List.of(withoutOutputs()));
        builder.extend(builder.entry(bad.hash()), 2);
        TestChains.recordMainChain(chain, builder, 6);
        manager = new DownloadManager(chain, scheduler, config(10, 1024), events);
        manager.addPeer(a);
        download = manager.download(chain.missingBodies(10_000));

        deliver(a, 1, 2, 3);
        manager.onBlock(a, bad);

        assertThat(download).isCompletedExceptionally();
        assertThat(a.misbehaviourScore()).isEqualTo(100);
        assertThat(chain.index().isInvalid(bad.hash())).isTrue();
        assertThat(chain.index().isInvalid(TestChains.at(builder, 6).hash())).as("descendants too").isTrue();
        assertThat(chain.mainTip().height()).isEqualTo(3);
        assertThat(chain.blockTip().height()).isEqualTo(3);
        assertThat(StoreConsistencyCheck.check(chain.persist())).isEmpty();
    }

    @Test
    void aBlockWhoseTransactionsDoNotMatchItsHeaderIsFetchedFromAnotherPeerNotMarkedInvalid() {
        FakeSyncPeer liar = peer("liar");
        FakeSyncPeer honest = peer("honest");
        start(4, config(4, 1024), liar);
        Block real = blockAt(builder, 1);
        List<Transaction> swapped = new java.util.ArrayList<>(real.transactions());
        swapped.add(withoutOutputs());
        manager.onBlock(liar, new Block(real.header(), swapped));
        assertThat(liar.isConnected()).as("100 points").isFalse();
        manager.removePeer(liar); // as the network layer reports the disconnect

        manager.addPeer(honest);
        answerUntilDone(honest);

        assertThat(chain.index().isInvalid(real.hash())).isFalse();
        assertThat(chain.blockTip().height()).isEqualTo(4);
        assertThat(liar.misbehaviourScore()).isEqualTo(100);
    }
}
