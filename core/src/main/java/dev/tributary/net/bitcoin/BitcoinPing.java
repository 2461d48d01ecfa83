package dev.tributary.net.bitcoin;

import dev.tributary.engine.Scheduler;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerModule;
import dev.tributary.net.PeerNetwork;
import java.util.Collection;
import java.util.Random;

/**
 * Keeps handshaked Bitcoin peers alive or drops them: a peer is pinged with a fresh nonce once
 * {@code pingInterval} has passed since the last ping (or since it connected), and dropped when that ping goes
 * unanswered for {@code pingTimeout}; only a {@code pong} with the outstanding nonce answers it, and its round
 * trip is recorded on the {@link BitcoinPeer}. A peer's {@code ping} is answered with a {@code pong}.
 * (The handshake deadline is the peer manager's, for every network.) Engine thread only.
 */
public final class BitcoinPing implements PeerModule {
    private final Scheduler scheduler;
    private final long pingIntervalMillis;
    private final long pingTimeoutMillis;
    private final Random random;

    public BitcoinPing(Scheduler scheduler, long pingIntervalMillis, long pingTimeoutMillis, Random random) {
        this.scheduler = scheduler;
        this.pingIntervalMillis = pingIntervalMillis;
        this.pingTimeoutMillis = pingTimeoutMillis;
        this.random = random;
    }

    @Override
    public String name() {
        return "bitcoin ping";
    }

    @Override
    public void install(PeerNetwork network) {
        network.dispatcher().on(PingMessage.class, (p, ping) -> p.send(new PongMessage(ping.nonce())));
        network.dispatcher().on(PongMessage.class, (p, pong) -> {
            BitcoinPeer state = BitcoinPeer.of(p);
            if (pong.nonce() == state.pingNonce()) {
                state.pongReceived(scheduler.nowMillis());
                p.notePing(state.pingMillis()); // inbound eviction protects the fastest peers
            }
        });
    }

    /** Applies the ping timeout and sends the pings that are due. */
    @Override
    public void maintain(Collection<Peer> peers) {
        long now = scheduler.nowMillis();
        for (Peer p : peers) {
            if (!p.isReady()) {
                continue;
            }
            BitcoinPeer state = BitcoinPeer.of(p);
            long last = state.lastPingAtMillis() < 0 ? p.connectedAtMillis() : state.lastPingAtMillis();
            if (state.pingNonce() != 0 && now - state.pingSentAtMillis() > pingTimeoutMillis) {
                p.disconnect("ping unanswered for " + pingTimeoutMillis / 1000 + " s");
            } else if (state.pingNonce() == 0 && now - last >= pingIntervalMillis) {
                long nonce = random.nextLong() | 1;
                state.pingSent(nonce, now);
                p.send(new PingMessage(nonce));
            }
        }
    }
}
