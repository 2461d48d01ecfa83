package dev.tributary.sync.headers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testing.FakeSyncPeer;
import org.junit.jupiter.api.Test;

/** Core's stall rule alone: marking, the timeout doubling to its cap and easing back per block connected. */
class StallDetectorTest {
    private final StallDetector stalls = new StallDetector(2_000, 64_000);
    private final FakeSyncPeer peer = FakeSyncPeer.named("slow");

    /** Marks the peer at {@code from} and returns whether it counts as stalling at {@code at}. */
    private boolean stallsBetween(long from, long at) {
        stalls.check(peer, 10, from);
        return stalls.check(peer, 10, at).isPresent();
    }

    @Test
    void theWindowIsStalledOnlyWhenItIsFullAndAnIdlePeerWaits() {
        assertThat(StallDetector.windowStalled(true, true)).isTrue();
        assertThat(StallDetector.windowStalled(true, false)).isFalse();
        assertThat(StallDetector.windowStalled(false, true)).isFalse();
    }

    @Test
    void aPeerStallsOnlyAfterHoldingTheWindowForLongerThanTheTimeout() {
        assertThat(stalls.check(peer, 10, 1_000)).isEmpty();
        assertThat(stalls.check(peer, 10, 3_000)).isEmpty();
        assertThat(stalls.check(peer, 10, 3_001)).hasValue(2_001);
        assertThat(stalls.timeoutMillis()).isEqualTo(4_000);
    }

    @Test
    void theTimeoutDoublesPerStallUpToItsCap() {
        long[] expected = {4_000, 8_000, 16_000, 32_000, 64_000, 64_000};
        long now = 0;
        for (long timeout : expected) {
            assertThat(stallsBetween(now, now + stalls.timeoutMillis() + 1)).isTrue();
            stalls.clear(peer.id());
            now += 100_000;
            assertThat(stalls.timeoutMillis()).isEqualTo(timeout);
        }
    }

    @Test
    void eachConnectedBlockEasesTheTimeoutBy15PercentNeverBelowTheStart() {
        stallsBetween(0, 2_001);
        stalls.clear(peer.id());
        stallsBetween(10_000, 14_001);
        assertThat(stalls.timeoutMillis()).isEqualTo(8_000);

        stalls.blocksConnected(1);
        assertThat(stalls.timeoutMillis()).isEqualTo(6_800);
        stalls.blocksConnected(2);
        assertThat(stalls.timeoutMillis()).isEqualTo(4_913);
        stalls.blocksConnected(100);
        assertThat(stalls.timeoutMillis()).isEqualTo(2_000);
    }

    @Test
    void aConnectedBlockOrAClearedPeerStartsItsStallAfresh() {
        stalls.check(peer, 10, 0);
        stalls.blocksConnected(1);
        assertThat(stalls.check(peer, 10, 5_000)).isEmpty();
        stalls.clear(peer.id());
        assertThat(stalls.check(peer, 10, 6_000)).isEmpty();
        stalls.clearAll();
        assertThat(stalls.check(peer, 10, 9_000)).isEmpty();
        assertThat(stalls.check(peer, 10, 11_001)).isPresent();
    }
}
