package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testing.ManualScheduler;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Liveness alone: the handshake timeout, the ping interval, an unanswered ping, pongs. */
class PeerLivenessTest {
    private final ManualScheduler scheduler = new ManualScheduler(0);
    private final NetConfig config = NetConfig.defaults().withTimeouts(60_000, 120_000, 1_200_000);
    private final PeerLiveness liveness = new PeerLiveness(config, scheduler, new Random(1));
    private final RecordingConnection c = RecordingConnection.to("203.0.113.20", false);
    private final Peer p = c.peer(0);

    private void checkAt(long millis) {
        scheduler.advance(millis - scheduler.nowMillis());
        liveness.check(List.of(p));
    }

    @Test
    void aPeerThatDoesNotCompleteTheHandshakeInTimeIsDropped() {
        checkAt(60_000);
        assertThat(c.isOpen()).isTrue();

        checkAt(60_001);
        assertThat(c.closedBecause()).isEqualTo("no handshake within 60 s");
    }

    @Test
    void aReadyPeerIsPingedEachIntervalAndAnAnswerClearsThePing() {
        p.markReady();
        checkAt(119_999);
        assertThat(c.sent()).isEmpty();

        checkAt(120_000);
        PingMessage ping = (PingMessage) c.sent().get(0);
        assertThat(ping.nonce()).isNotZero();
        assertThat(p.pingNonce()).isEqualTo(ping.nonce());

        scheduler.advance(150);
        liveness.onPong(p, new PongMessage(ping.nonce() + 2));
        assertThat(p.pingNonce()).isEqualTo(ping.nonce());
        liveness.onPong(p, new PongMessage(ping.nonce()));
        assertThat(p.pingNonce()).isZero();
        assertThat(p.pingMillis()).isEqualTo(150);

        checkAt(240_000);
        assertThat(c.sent()).hasSize(2);
    }

    @Test
    void aPingUnansweredForTheTimeoutDropsThePeer() {
        p.markReady();
        checkAt(120_000);

        checkAt(120_000 + 1_200_000);
        assertThat(c.isOpen()).isTrue();
        checkAt(120_000 + 1_200_001);
        assertThat(c.closedBecause()).isEqualTo("ping unanswered for 1200 s");
    }

    @Test
    void aPingIsAnsweredWithItsNonce() {
        liveness.onPing(p, new PingMessage(77));

        assertThat(c.sent()).containsExactly(new PongMessage(77));
    }
}
