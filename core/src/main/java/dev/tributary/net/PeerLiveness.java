package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import java.util.List;
import java.util.Random;

/**
 * Keeps connections alive or drops them. A connection that has not completed the handshake within
 * {@code handshakeTimeout} of connecting is dropped. A handshaked peer is pinged with a fresh nonce once
 * {@code pingInterval} has passed since the last ping (or since it connected), and dropped when that ping
 * goes unanswered for {@code pingTimeout}; only a {@code pong} with the outstanding nonce answers it, and
 * its round trip is recorded on the peer. A peer's {@code ping} is answered with a {@code pong}.
 *
 * <p>Engine thread only.
 */
final class PeerLiveness {
    private final NetConfig config;
    private final Scheduler scheduler;
    private final Random random;

    PeerLiveness(NetConfig config, Scheduler scheduler, Random random) {
        this.config = config;
        this.scheduler = scheduler;
        this.random = random;
    }

    /** Applies the timeouts to {@code peers} and sends the pings that are due; run periodically. */
    void check(List<Peer> peers) {
        long now = scheduler.nowMillis();
        for (Peer p : peers) {
            if (!p.isReady() && now - p.connectedAtMillis() > config.handshakeTimeoutMillis()) {
                p.disconnect("no handshake within " + config.handshakeTimeoutMillis() / 1000 + " s");
            } else if (p.isReady() && p.pingNonce() != 0 && now - p.pingSentAtMillis() > config.pingTimeoutMillis()) {
                p.disconnect("ping unanswered for " + config.pingTimeoutMillis() / 1000 + " s");
            } else if (p.isReady() && p.pingNonce() == 0 && now - p.lastPingAtMillis() >= config.pingIntervalMillis()) {
                long nonce = random.nextLong() | 1;
                p.pingSent(nonce, now);
                p.send(new PingMessage(nonce));
            }
        }
    }

    void onPing(Peer p, PingMessage ping) {
        p.send(new PongMessage(ping.nonce()));
    }

    void onPong(Peer p, PongMessage pong) {
        if (pong.nonce() == p.pingNonce()) {
            p.pongReceived(scheduler.nowMillis());
        }
    }
}
