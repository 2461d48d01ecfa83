package dev.tributary.node.cli;

import dev.tributary.net.HostPort;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A peer the node dialled that took the connection but has not completed its handshake after {@link #AFTER_SECONDS}
 * gets one log line saying so ({@code connected to 127.0.0.1:18444, waiting for its handshake (version message): it
 * has sent nothing for 5 s; giving up after 60 s}), instead of nothing (or a progress bar that shows nothing) until the
 * handshake deadline drops it. {@code sync} checks from its thread as it waits ({@link #check}); {@code node} on its
 * engine every second ({@link #watch}). Once per connection: a peer dialled again (as {@code node} does after the
 * deadline) waits afresh. One thread checks: not thread-safe.
 */
final class HandshakeWaits {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.tributary.node");
    static final long AFTER_SECONDS = 5;
    /** How often {@link #watch} checks. */
    static final long WATCH_MILLIS = 1000;

    /** A connection not yet handshaked: its id, address and how many messages it has sent. */
    record Waiting(long id, InetSocketAddress address, long messagesReceived) {
    }

    private final long giveUpSeconds;
    private final boolean redials;
    private final LongSupplier nanoClock;
    private final Map<Long, Long> firstSeen = new HashMap<>();
    private final Set<Long> told = new HashSet<>();

    /**
     * @param giveUpSeconds the handshake deadline, after which the peer is dropped (said in the line)
     * @param redials       whether the node dials such a peer again once it is dropped (said in the line)
     * @param nanoClock     the clock the waits are measured on, in nanoseconds
     */
    HandshakeWaits(long giveUpSeconds, boolean redials, LongSupplier nanoClock) {
        this.giveUpSeconds = giveUpSeconds;
        this.redials = redials;
        this.nanoClock = nanoClock;
    }

    /** The waits of a node of these settings (its handshake deadline, whether it dials an unreached peer again). */
    static HandshakeWaits of(NetConfig net) {
        return new HandshakeWaits(net.handshakeTimeoutMillis() / 1000, net.redialUnreached(), System::nanoTime);
    }

    /**
     * The waits of a command that gives up after {@code commandSeconds} (0: never), sooner than the handshake
     * deadline of {@code net} when that is shorter: the line then says the command's deadline.
     */
    static HandshakeWaits of(NetConfig net, long commandSeconds) {
        return of(net, commandSeconds, System::nanoTime);
    }

    static HandshakeWaits of(NetConfig net, long commandSeconds, LongSupplier nanoClock) {
        long handshake = net.handshakeTimeoutMillis() / 1000;
        long giveUp = commandSeconds > 0 ? Math.min(handshake, commandSeconds) : handshake;
        return new HandshakeWaits(giveUp, net.redialUnreached() && giveUp == handshake, nanoClock);
    }

    /**
     * Checks {@code node}'s outbound connections as {@link #check} does, on its engine, every {@link #WATCH_MILLIS},
     * until the engine stops.
     */
    void watch(Node node) {
        node.engine().schedule(() -> {
            check(node);
            watch(node);
        }, WATCH_MILLIS);
    }

    /** Logs the line for each of {@code node}'s outbound connections that has waited long enough for its handshake. */
    void check(Node node) {
        List<Waiting> waiting = node.call(() -> node.peers().allPeers().stream()
                .filter(p -> !p.inbound() && !p.isReady() && p.isConnected())
                .map(p -> new Waiting(p.id(), p.address(), p.messagesReceived())).toList());
        due(waiting).forEach(log::info);
    }

    /** The lines due now for these connections (each told once), remembering when each was first seen. */
    List<String> due(List<Waiting> waiting) {
        long now = nanoClock.getAsLong();
        Set<Long> current = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (Waiting w : waiting) {
            current.add(w.id());
            long since = firstSeen.computeIfAbsent(w.id(), id -> now);
            if (now - since >= TimeUnit.SECONDS.toNanos(AFTER_SECONDS) && told.add(w.id())) {
                lines.add(line(w));
            }
        }
        firstSeen.keySet().retainAll(current);
        told.retainAll(current);
        return lines;
    }

    private String line(Waiting w) {
        String what = w.messagesReceived() == 0
                ? "waiting for its handshake (version message): it has sent nothing for " + AFTER_SECONDS + " s"
                : "waiting for it to complete its handshake (" + AFTER_SECONDS + " s so far)";
        String then = redials ? "; dropping it after " + giveUpSeconds + " s and trying again"
                : "; giving up after " + giveUpSeconds + " s";
        return "connected to " + HostPort.of(w.address()) + ", " + what + then;
    }
}
