package dev.tributary.sync.headers;

import dev.tributary.sync.PeerGoneException;
import static dev.tributary.sync.TestChains.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Outstanding {@code getheaders}: answered, unsolicited, timed out, peer gone, superseded. */
class HeaderRequestsTest {
    private static final long TIMEOUT = 120_000;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final HeaderRequests requests = new HeaderRequests(scheduler, TIMEOUT, 70015);
    private final FakeSyncPeer peer = FakeSyncPeer.named("peer");
    private final ChainBuilder builder = ChainBuilder.regtest(4, START);
    private final List<Hash> locator = List.of(builder.genesis().hash());

    private List<BlockHeader> someHeaders() {
        return ChainBuilder.headers(builder.extendTip(3));
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        return f.handle((v, e) -> e).join();
    }

    @Test
    void aRequestSendsGetHeadersAndCompletesWithThePeersNextHeaders() {
        CompletableFuture<List<BlockHeader>> f = requests.request(peer, locator);

        assertThat(peer.sent()).containsExactly(new GetHeadersMessage(70015, locator, Hash.ZERO));
        assertThat(requests.isPending(peer)).isTrue();
        List<BlockHeader> headers = someHeaders();
        assertThat(requests.onHeaders(peer, new HeadersMessage(headers))).isTrue();

        assertThat(f).isCompletedWithValue(headers);
        assertThat(requests.isPending(peer)).isFalse();
        scheduler.advance(2 * TIMEOUT);
        assertThat(peer.isConnected()).as("the timeout was cancelled").isTrue();
    }

    @Test
    void headersNobodyAskedForAreLeftToTheCaller() {
        assertThat(requests.onHeaders(peer, new HeadersMessage(someHeaders()))).isFalse();
    }

    @Test
    void anUnansweredRequestDisconnectsThePeerAndFailsAfterTheTimeout() {
        CompletableFuture<List<BlockHeader>> f = requests.request(peer, locator);

        scheduler.advance(TIMEOUT - 1);
        assertThat(f).isNotDone();
        assertThat(peer.isConnected()).isTrue();
        scheduler.advance(1);

        assertThat(failureOf(f)).isInstanceOf(TimeoutException.class);
        assertThat(peer.disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("no answer to getheaders"));
        assertThat(requests.isPending(peer)).isFalse();
        assertThat(requests.onHeaders(peer, new HeadersMessage(someHeaders()))).as("too late").isFalse();
    }

    @Test
    void aPeerGoingAwayFailsItsRequestAndCancelsTheTimeout() {
        CompletableFuture<List<BlockHeader>> f = requests.request(peer, locator);

        peer.disconnect("connection reset");
        requests.onPeerGone(peer);

        assertThat(failureOf(f)).isInstanceOf(PeerGoneException.class);
        assertThat(requests.isPending(peer)).isFalse();
        scheduler.advance(2 * TIMEOUT);
        assertThat(peer.disconnectReason()).contains("connection reset");
    }

    @Test
    void aRequestToADisconnectedPeerFailsAtOnceWithoutSending() {
        peer.disconnect("gone");

        CompletableFuture<List<BlockHeader>> f = requests.request(peer, locator);

        assertThat(failureOf(f)).isInstanceOf(PeerGoneException.class);
        assertThat(requests.isPending(peer)).isFalse();
    }

    @Test
    void aSecondRequestToTheSamePeerSupersedesTheFirst() {
        CompletableFuture<List<BlockHeader>> first = requests.request(peer, locator);
        scheduler.advance(TIMEOUT / 2);
        CompletableFuture<List<BlockHeader>> second = requests.request(peer, locator);

        assertThat(failureOf(first)).isInstanceOf(IllegalStateException.class);
        scheduler.advance(TIMEOUT / 2 + 1);
        assertThat(peer.isConnected()).as("the first request's timeout was cancelled").isTrue();
        List<BlockHeader> headers = someHeaders();
        requests.onHeaders(peer, new HeadersMessage(headers));
        assertThat(second).isCompletedWithValue(headers);
    }

    @Test
    void requestsToDifferentPeersAreIndependent() {
        FakeSyncPeer other = FakeSyncPeer.named("other");
        CompletableFuture<List<BlockHeader>> mine = requests.request(peer, locator);
        CompletableFuture<List<BlockHeader>> theirs = requests.request(other, locator);

        requests.onHeaders(other, new HeadersMessage(List.of()));

        assertThat(theirs).isCompletedWithValue(List.of());
        assertThat(mine).isNotDone();
        requests.onPeerGone(other);
        assertThat(mine).isNotDone();
    }
}
