package dev.tributary.net.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerNetwork;
import dev.tributary.net.RecordingConnection;
import dev.tributary.testing.ManualScheduler;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bitcoin's ping alone: the ping interval, an unanswered ping, pongs (the handshake deadline is the peer layer's). */
class BitcoinPingTest {
    private final ManualScheduler scheduler = new ManualScheduler(0);
    private final NetConfig config = NetConfig.defaults().withTimeouts(60_000, 120_000, 1_200_000);
    private final BitcoinPing liveness = new BitcoinPing(scheduler, config.pingIntervalMillis(),
            config.pingTimeoutMillis(), new Random(1));
    private final PeerNetwork network = PeerNetwork.builder("test", new dev.tributary.wire.BitcoinFraming(1))
            .handshake(new BitcoinHandshake(scheduler, () -> 0, 0, "/test/", new Random(2))).module(liveness).build();
    private final RecordingConnection c = RecordingConnection.to("203.0.113.20", false);
    private final Peer p = c.readyPeer(0);

    private void checkAt(long millis) {
        scheduler.advance(millis - scheduler.nowMillis());
        liveness.maintain(List.of(p));
    }

    private BitcoinPeer state() {
        return BitcoinPeer.of(p);
    }

    @Test
    void aReadyPeerIsPingedEachIntervalAndAnAnswerClearsThePing() {
        checkAt(119_999);
        assertThat(c.sent()).isEmpty();

        checkAt(120_000);
        PingMessage ping = (PingMessage) c.sent().get(0);
        assertThat(ping.nonce()).isNotZero();
        assertThat(state().pingNonce()).isEqualTo(ping.nonce());

        scheduler.advance(150);
        network.dispatcher().dispatch(p, new PongMessage(ping.nonce() + 2));
        assertThat(state().pingNonce()).isEqualTo(ping.nonce());
        network.dispatcher().dispatch(p, new PongMessage(ping.nonce()));
        assertThat(state().pingNonce()).isZero();
        assertThat(state().pingMillis()).isEqualTo(150);

        checkAt(240_000);
        assertThat(c.sent()).hasSize(2);
    }

    @Test
    void aPingUnansweredForTheTimeoutDropsThePeer() {
        checkAt(120_000);

        checkAt(120_000 + 1_200_000);
        assertThat(c.isOpen()).isTrue();
        checkAt(120_000 + 1_200_001);
        assertThat(c.closedBecause()).isEqualTo("ping unanswered for 1200 s");
    }

    @Test
    void aPingIsAnsweredWithItsNonce() {
        network.dispatcher().dispatch(p, new PingMessage(77));

        assertThat(c.sent()).containsExactly(new PongMessage(77));
    }
}
