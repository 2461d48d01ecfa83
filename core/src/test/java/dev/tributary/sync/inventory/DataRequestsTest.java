package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.sync.SyncPeer;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.message.InventoryItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Asking again: late, not found and orphaned {@code getdata} requests, per target peer. */
class DataRequestsTest {
    private static final long TIMEOUT = 60_000;
    private static final int MAX_ATTEMPTS = 3;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<SyncPeer> peers = new ArrayList<>();
    private final Set<String> announced = new HashSet<>();
    private SyncPeer syncPeer;
    private final DataRequests requests = new DataRequests(new RequestTracker(50_000, MAX_ATTEMPTS), scheduler,
            () -> Optional.ofNullable(syncPeer), () -> List.copyOf(peers), InventoryDialect.BITCOIN,
            (p, txid) -> announced.contains(p.id() + "/" + txid));

    private static Hash h(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        b[31] = 2;
        return Hash.wrap(b);
    }

    private static List<Hash> hashes(int n) {
        List<Hash> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(h(i));
        }
        return out;
    }

    private FakeSyncPeer peer(String label) {
        FakeSyncPeer p = FakeSyncPeer.named(label);
        peers.add(p);
        return p;
    }

    private void late() {
        scheduler.advance(TIMEOUT);
        requests.checkTimeouts(TIMEOUT);
    }

    @Test
    void withOnePeerALateBlockIsAskedAgainOfIt() {
        FakeSyncPeer only = peer("only");
        syncPeer = only;
        requests.requestBlocks(only, List.of(h(1)));

        late();

        assertThat(only.getDataRequests()).containsExactly(h(1), h(1));
        assertThat(requests.isRequested(h(1))).as("still in flight, with a fresh clock").isTrue();
        assertThat(requests.tracker().timedOut(scheduler.nowMillis(), TIMEOUT)).isEmpty();
    }

    @Test
    void aLateBatchIsAskedAgainAsOneGetdataPerPeer() {
        FakeSyncPeer slow = peer("slow");
        FakeSyncPeer other = peer("other");
        syncPeer = slow;
        requests.requestBlocks(slow, hashes(500));

        late();

        assertThat(other.getDataMessages()).hasSize(1);
        assertThat(other.lastGetData()).isEqualTo(hashes(500));
        assertThat(slow.getDataMessages()).as("only the first request").hasSize(1);

        late(); // now late at "other": back to the sync peer, again in one message
        assertThat(slow.getDataMessages()).hasSize(2);
        assertThat(slow.lastGetData()).isEqualTo(hashes(500));
    }

    @Test
    void aLateBatchFromOnePeerIsAskedAgainOfItAsOneMessage() {
        FakeSyncPeer only = peer("only");
        requests.requestBlocks(only, hashes(500));

        late();

        assertThat(only.getDataMessages()).hasSize(2);
        assertThat(only.lastGetData()).isEqualTo(hashes(500));
    }

    @Test
    void aRequestIsGivenUpAfterItsMaxAttempts() {
        FakeSyncPeer only = peer("only");
        syncPeer = only;
        requests.requestBlocks(only, List.of(h(1), h(2)));

        for (int i = 0; i < MAX_ATTEMPTS + 2; i++) {
            late();
        }

        assertThat(only.getDataMessages()).as("the first request and %d retries", MAX_ATTEMPTS - 1)
                .hasSize(MAX_ATTEMPTS);
        assertThat(requests.isRequested(h(1))).isFalse();
        assertThat(requests.tracker().size()).isZero();
        assertThat(requests.requestBlocks(only, List.of(h(1)))).as("asked anew when announced anew").isEqualTo(1);
    }

    @Test
    void aBlockNotFoundIsNotAskedAgainOfThePeerThatHasNotGotIt() {
        FakeSyncPeer only = peer("only");
        requests.requestBlocks(only, List.of(h(1)));

        requests.onNotFound(only, List.of(InventoryItem.block(h(1))));

        assertThat(only.getDataMessages()).hasSize(1);
        assertThat(requests.isRequested(h(1))).isFalse();
    }

    @Test
    void theBlocksOfAGonePeerGoToTheOthersInOneMessage() {
        FakeSyncPeer gone = peer("gone");
        FakeSyncPeer other = peer("other");
        requests.requestBlocks(gone, hashes(20));
        gone.disconnect("test");

        requests.onPeerGone(gone);

        assertThat(other.getDataMessages()).hasSize(1);
        assertThat(other.lastGetData()).isEqualTo(hashes(20));
    }

    @Test
    void aTransactionIsAskedAgainOnlyOfPeersThatAnnouncedIt() {
        FakeSyncPeer first = peer("first");
        FakeSyncPeer blocksOnly = peer("blocks");
        FakeSyncPeer announcer = peer("announcer");
        syncPeer = blocksOnly;
        announced.add(first.id() + "/" + h(7));
        announced.add(announcer.id() + "/" + h(7));
        announced.add(first.id() + "/" + h(8));
        requests.requestTransactions(first, List.of(h(7), h(8)));

        requests.onNotFound(first, List.of(InventoryItem.tx(h(7)), InventoryItem.tx(h(8))));

        assertThat(announcer.getDataRequests()).containsExactly(h(7));
        assertThat(blocksOnly.getDataMessages()).as("the sync peer did not announce them").isEmpty();
        assertThat(requests.isRequested(h(8))).as("nobody else announced it: dropped").isFalse();
    }

    @Test
    void aLateTransactionGoesBackToItsAnnouncerWhenNoOtherHasIt() {
        FakeSyncPeer first = peer("first");
        FakeSyncPeer other = peer("other");
        syncPeer = other;
        announced.add(first.id() + "/" + h(7));
        requests.requestTransactions(first, List.of(h(7)));

        late();

        assertThat(first.getDataRequests()).containsExactly(h(7), h(7));
        assertThat(other.getDataMessages()).isEmpty();
    }
}
