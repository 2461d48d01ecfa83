package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The line for a peer that is connected but has not completed its handshake: when, once, and its words ({@code sync}'s,
 * which gives up on the peer, and {@code node}'s, which dials it again).
 */
class HandshakeWaitsTest {
    private final AtomicLong now = new AtomicLong();
    private final HandshakeWaits waits = new HandshakeWaits(60, false, now::get);
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 18444);

    @Test
    void aSilentPeerIsNamedOnceAfterTheWait() {
        List<HandshakeWaits.Waiting> silent = List.of(new HandshakeWaits.Waiting(1, peer, 0));
        assertThat(waits.due(silent)).isEmpty();
        advance(HandshakeWaits.AFTER_SECONDS - 1);
        assertThat(waits.due(silent)).isEmpty();
        advance(1);
        assertThat(waits.due(silent)).containsExactly("connected to 127.0.0.1:18444, waiting for its handshake (version"
                + " message): it has sent nothing for 5 s; giving up after 60 s");
        advance(10);
        assertThat(waits.due(silent)).as("said once").isEmpty();
    }

    @Test
    void aPeerThatSpokeIsSaidToBeCompletingItsHandshake() {
        waits.due(List.of(new HandshakeWaits.Waiting(1, peer, 1)));
        advance(HandshakeWaits.AFTER_SECONDS);
        assertThat(waits.due(List.of(new HandshakeWaits.Waiting(1, peer, 1)))).containsExactly(
                "connected to 127.0.0.1:18444, waiting for it to complete its handshake (5 s so far); giving up after"
                        + " 60 s");
    }

    @Test
    void aCommandThatGivesUpSoonerSaysItsOwnDeadline() {
        HandshakeWaits sync = HandshakeWaits.of(dev.tributary.net.NetConfig.defaults(), 8, now::get);
        List<HandshakeWaits.Waiting> silent = List.of(new HandshakeWaits.Waiting(1, peer, 0));
        sync.due(silent);
        advance(HandshakeWaits.AFTER_SECONDS);
        assertThat(sync.due(silent)).singleElement().asString().endsWith("; giving up after 8 s");
    }

    @Test
    void aNewConnectionToTheSamePeerWaitsAfresh() {
        waits.due(List.of(new HandshakeWaits.Waiting(1, peer, 0)));
        advance(HandshakeWaits.AFTER_SECONDS);
        assertThat(waits.due(List.of(new HandshakeWaits.Waiting(2, peer, 0)))).as("connection 2 is new").isEmpty();
        advance(HandshakeWaits.AFTER_SECONDS);
        assertThat(waits.due(List.of(new HandshakeWaits.Waiting(2, peer, 0)))).hasSize(1);
    }

    @Test
    void aNodeThatDialsAgainSaysSo() {
        HandshakeWaits node = new HandshakeWaits(60, true, now::get);
        List<HandshakeWaits.Waiting> silent = List.of(new HandshakeWaits.Waiting(1, peer, 0));
        node.due(silent);
        advance(HandshakeWaits.AFTER_SECONDS);
        assertThat(node.due(silent)).containsExactly("connected to 127.0.0.1:18444, waiting for its handshake (version"
                + " message): it has sent nothing for 5 s; dropping it after 60 s and trying again");
        advance(HandshakeWaits.AFTER_SECONDS);
        assertThat(node.due(silent)).as("said once").isEmpty();
    }

    private void advance(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }
}
