package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.FakeSyncPeer;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small parts of inventory sync: request tracker, sync peer choice, memory pool, known inventory. */
class InventoryPartsTest {

    private static Hash h(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        b[31] = 1;
        return Hash.wrap(b);
    }

    @Test
    void theRequestTrackerIsBoundedAndGivesUpAfterItsAttempts() {
        RequestTracker t = new RequestTracker(3, 2);
        assertThat(t.track(h(1), true, 1, 0)).isTrue();
        assertThat(t.track(h(1), true, 2, 0)).as("already in flight").isFalse();
        assertThat(t.track(h(2), true, 1, 0)).isTrue();
        assertThat(t.track(h(3), false, 1, 5)).isTrue();
        assertThat(t.track(h(4), true, 1, 5)).as("full").isFalse();
        assertThat(t.size()).isEqualTo(3);

        assertThat(t.timedOut(10, 10)).extracting(RequestTracker.Request::hash).containsExactly(h(1), h(2));
        RequestTracker.Request first = t.notFound(1, h(1)).orElseThrow();
        assertThat(t.retry(first, 2, 10)).isTrue();
        assertThat(t.notFound(1, h(1))).as("asked of peer 2 now").isEmpty();
        RequestTracker.Request second = t.notFound(2, h(1)).orElseThrow();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(t.retry(second, 3, 11)).as("attempts used up").isFalse();
        assertThat(t.isRequested(h(1))).isFalse();
        assertThat(t.complete(h(2))).isPresent();
        assertThat(t.of(1)).extracting(RequestTracker.Request::hash).containsExactly(h(3));
    }

    @Test
    void theSyncPeerIsChosenAtRandomAmongHigherPeersElseEqualOnes() {
        FakeSyncPeer low = FakeSyncPeer.named("low").withBestKnownHeight(3);
        FakeSyncPeer equal = FakeSyncPeer.named("equal").withBestKnownHeight(5);
        FakeSyncPeer high1 = FakeSyncPeer.named("high1").withBestKnownHeight(9);
        FakeSyncPeer high2 = FakeSyncPeer.named("high2").withBestKnownHeight(7);
        SyncPeerSelector selector = new SyncPeerSelector(new Random(42));
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            chosen.add(selector.select(List.of(low, equal, high1, high2), 5).orElseThrow().label());
        }
        assertThat(chosen).containsExactlyInAnyOrder("high1", "high2");
        assertThat(selector.select(List.of(low, equal), 5)).contains(equal);
        assertThat(selector.select(List.of(low), 5)).isEmpty();
        FakeSyncPeer gone = FakeSyncPeer.named("gone").withBestKnownHeight(9);
        gone.disconnect("test");
        FakeSyncPeer archiveless = FakeSyncPeer.named("archiveless").withBestKnownHeight(9).servingBlocks(false);
        assertThat(selector.select(List.of(equal, gone, archiveless), 5)).as("only connected peers serving blocks")
                .contains(equal);
    }

    @Test
    void theMemoryPoolIsBoundedInCountAndBytesAndForgetsWhatBlocksConfirm() {
        ChainBuilder builder = ChainBuilder.regtest(1, 1_600_000_000L);
        TransactionPool pool = new TransactionPool(3, 1_000);
        var a = builder.transaction(300, false);
        var b = builder.transaction(300, false);
        var c = builder.transaction(300, false);
        var d = builder.transaction(200, false);
        assertThat(pool.add(a)).isTrue();
        assertThat(pool.add(a)).isFalse();
        assertThat(pool.add(b)).isTrue();
        assertThat(pool.add(c)).isTrue();
        assertThat(pool.add(d)).as("the oldest leaves for room").isTrue();
        assertThat(pool.contains(a.txid())).isFalse();
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.bytes()).isLessThanOrEqualTo(1_000);
        assertThat(pool.add(builder.transaction(1_200, false))).as("larger than the whole pool").isFalse();

        assertThat(pool.removeConfirmed(List.of(b.txid(), h(7)))).isEqualTo(1);
        assertThat(pool.add(b)).as("confirmed: not taken back").isFalse();
        assertThat(pool.txids()).containsExactly(c.txid(), d.txid());
    }

    @Test
    void selectionWalksThePoolOldestFirstSkippingWhatDoesNotFit() {
        ChainBuilder builder = ChainBuilder.regtest(1, 1_600_000_000L);
        TransactionPool pool = new TransactionPool(10, 10_000);
        var a = builder.transaction(300, false);
        var big = builder.transaction(700, false);
        var b = builder.transaction(300, false);
        var c = builder.transaction(300, false);
        for (var tx : List.of(a, big, b, c)) {
            assertThat(pool.add(tx)).isTrue();
        }
        long budget = a.totalSize() + b.totalSize() + c.totalSize();
        assertThat(big.totalSize()).isGreaterThan(b.totalSize() + c.totalSize());

        assertThat(pool.select(budget, tx -> true)).as("the big one is skipped, the walk goes on")
                .containsExactly(a, b, c);
        assertThat(pool.select(Long.MAX_VALUE, tx -> !tx.equals(b))).containsExactly(a, big, c);
        assertThat(pool.select(a.totalSize() - 1, tx -> true)).isEmpty();
        assertThat(pool.size()).as("selecting takes nothing out").isEqualTo(4);
    }

    @Test
    void knownInventoryIsALeastRecentlyUsedCache() {
        KnownInventory known = new KnownInventory(2);
        assertThat(known.add(h(1))).isTrue();
        assertThat(known.add(h(2))).isTrue();
        assertThat(known.contains(h(1))).isTrue(); // touches 1
        known.add(h(3));
        assertThat(known.contains(h(2))).isFalse();
        assertThat(known.contains(h(1))).isTrue();
        assertThat(known.size()).isEqualTo(2);
    }
}
