package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import dev.tributary.wire.WireError;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores misbehaviour and bans, after Bitcoin Core. Each offence adds its {@link Penalty} points to the
 * peer's score and is logged at WARN; at {@link Penalty#BAN_THRESHOLD} the peer is disconnected and its IP
 * banned for {@code banMillis}. A loopback address is banned only when {@code banLoopback} is set; otherwise
 * the peer is disconnected and its address still accepted.
 *
 * <p>Scoring runs on the engine thread only; {@link #isBanned} may be asked from any thread (the acceptor
 * asks it), since the {@link BanList} is thread-safe.
 */
final class MisbehaviourPolicy {
    /** Logs as the peer manager, whose lines these have always been. */
    private static final Logger log = LoggerFactory.getLogger(PeerManager.class);

    private final NetConfig config;
    private final Scheduler scheduler;
    private final BanList bans = new BanList();

    MisbehaviourPolicy(NetConfig config, Scheduler scheduler) {
        this.config = config;
        this.scheduler = scheduler;
    }

    /** Adds misbehaviour points; at the threshold, disconnects and bans the address. Engine thread. */
    void misbehaving(Peer p, int points, String reason) {
        if (points <= 0) {
            return;
        }
        int score = p.addMisbehaviour(points);
        log.warn("Peer {} misbehaved (+{}, score {}): {}", p, points, score, reason);
        // Not only while connected: a fatal wire error closes the connection on the reader thread before the
        // engine gets here, and that peer must be banned all the same.
        if (score >= Penalty.BAN_THRESHOLD) {
            if (banIfAllowed(p.address().getAddress())) {
                // said here, not only by the disconnection: a fatal wire error may have closed the connection first
                log.warn("Peer {} banned for misbehaviour for {} s: {}", p, config.banMillis() / 1000, reason);
                p.disconnect("banned for misbehaviour: " + reason);
            } else {
                p.disconnect("misbehaviour score " + score + ": " + reason);
            }
        }
    }

    /** Bytes from {@code p} that did not decode: scored by kind; a fatal error also disconnects. Engine thread. */
    void wireError(Peer p, WireError error) {
        misbehaving(p, Penalty.forWireError(error), error.toString());
        if (error.fatal()) {
            p.disconnect(error.toString());
        }
    }

    /**
     * Bytes that did not decode from a connection that closed before the engine saw it (the reader closes at
     * once on a fatal error, so a peer whose first bytes are bad is gone by now): logs the offence, bans all
     * the same at the threshold, and closes the connection. Engine thread.
     */
    void wireErrorBeforeRegistered(Connection c, WireError error) {
        int points = Penalty.forWireError(error);
        log.warn("Peer {} misbehaved (+{}, before the handshake): {}", HostPort.of(c.remoteAddress()), points, error);
        if (points >= Penalty.BAN_THRESHOLD) {
            banIfAllowed(c.remoteAddress().getAddress());
        }
        c.close(error.toString());
    }

    /**
     * The first bytes from {@code c}, an address the user asked to connect to, were not {@code network}'s (an HTTP
     * server, another network's node: a mistyped port, most often). Not misbehaviour, so neither scored nor banned
     * (a ban would refuse that machine's own node for a day): said in one plain line, and the connection closed,
     * for the same reason a wire error gives. {@code p} is the connection's peer, if registered. Engine thread.
     */
    void notThisProtocol(Connection c, Peer p, String network, WireError error) {
        log.warn("{} does not speak the {} peer protocol: is it a node's peer port (its --listen address)? ({})",
                HostPort.of(c.remoteAddress()), network, error.detail());
        if (p != null) {
            p.disconnect(error.toString());
        } else {
            c.close(error.toString());
        }
    }

    /** Whether {@code address} is banned now. Any thread. */
    boolean isBanned(InetAddress address) {
        return bans.isBanned(address, scheduler.nowMillis());
    }

    /** Bans {@code ip} for the configured time unless it is loopback and loopback is exempt; returns whether it did. */
    private boolean banIfAllowed(InetAddress ip) {
        if (config.banLoopback() || !ip.isLoopbackAddress()) {
            bans.ban(ip, scheduler.nowMillis() + config.banMillis());
            return true;
        }
        return false;
    }
}
