package dev.tributary.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which inbound peer to drop when a new one arrives and every inbound slot is taken: Bitcoin Core's
 * {@code SelectNodeToEvict} ({@code AttemptToEvictConnection}), as a pure function of facts about the peers, so
 * that whoever holds the slots cannot keep an honest newcomer out, and the peers most useful to this node stay.
 *
 * <ol>
 *   <li>Protected, in turn: 4 peers by network group (a keyed order of groups, so an attacker cannot pick which);
 *       the 8 with the lowest ping; the 4 that most recently sent a new transaction; the 4 that most recently
 *       sent a new block; then half of those left, the longest connected.</li>
 *   <li>If any of the rest is preferred for eviction (misbehaved, or connected more than
 *       {@link #HANDSHAKE_GRACE_MILLIS} ago and still not through the handshake), only those are considered.</li>
 *   <li>Of the network group with the most of them (ties: the group with the most recent connection), the most
 *       recently connected is dropped.</li>
 * </ol>
 * Nothing left unprotected: nobody is dropped, and the newcomer is refused.
 */
public final class InboundEviction {
    static final int PROTECT_BY_NETGROUP = 4;
    static final int PROTECT_BY_PING = 8;
    static final int PROTECT_BY_TX = 4;
    static final int PROTECT_BY_BLOCK = 4;
    /** A connection this old that has not completed the handshake is preferred for eviction. */
    public static final long HANDSHAKE_GRACE_MILLIS = 1_000;

    private InboundEviction() {
    }

    /**
     * What is known of one inbound peer.
     *
     * @param id               the connection
     * @param netGroup         its network group ({@link #netGroup}), salted by the caller ({@link #keyed})
     * @param connectedAtMillis when it connected
     * @param minPingMillis    its lowest ping round trip, or -1 when it never answered one
     * @param lastBlockMillis  when it last sent a block new to us, or 0
     * @param lastTxMillis     when it last sent a transaction new to us, or 0
     * @param preferEvict      whether it misbehaved or has not completed the handshake in time
     */
    public record Candidate(long id, long netGroup, long connectedAtMillis, long minPingMillis, long lastBlockMillis,
            long lastTxMillis, boolean preferEvict) {
    }

    /** The peer to drop, or empty when every candidate is protected. */
    public static Optional<Long> select(List<Candidate> candidates) {
        List<Candidate> left = new ArrayList<>(candidates);
        // Deterministic tie-breaks (Core's sort is unstable): by id, so a result is reproducible.
        Comparator<Candidate> byId = Comparator.comparingLong(Candidate::id);
        protectLast(left, Comparator.comparingLong(Candidate::netGroup).thenComparing(byId), PROTECT_BY_NETGROUP,
                c -> true);
        // The lowest pings last; a peer that never answered a ping is never protected for it.
        protectLast(left, Comparator.comparingLong((Candidate c) -> -pingOrMax(c)).thenComparing(byId),
                PROTECT_BY_PING, c -> c.minPingMillis() >= 0);
        protectLast(left, Comparator.comparingLong(Candidate::lastTxMillis).thenComparing(byId), PROTECT_BY_TX,
                c -> c.lastTxMillis() > 0);
        protectLast(left, Comparator.comparingLong(Candidate::lastBlockMillis).thenComparing(byId), PROTECT_BY_BLOCK,
                c -> c.lastBlockMillis() > 0);
        // Half of the rest by uptime: youngest first, the oldest half protected.
        protectLast(left, Comparator.comparingLong((Candidate c) -> -c.connectedAtMillis()).thenComparing(byId),
                left.size() / 2, c -> true);
        if (left.isEmpty()) {
            return Optional.empty();
        }
        if (left.stream().anyMatch(Candidate::preferEvict)) {
            left.removeIf(c -> !c.preferEvict());
        }
        Map<Long, List<Candidate>> groups = new HashMap<>();
        for (Candidate c : left) {
            groups.computeIfAbsent(c.netGroup(), k -> new ArrayList<>()).add(c);
        }
        List<Candidate> largest = null;
        long largestNewest = Long.MIN_VALUE;
        for (List<Candidate> g : groups.values()) {
            long newest = g.stream().mapToLong(Candidate::connectedAtMillis).max().orElse(Long.MIN_VALUE);
            if (largest == null || g.size() > largest.size() || (g.size() == largest.size() && newest > largestNewest)) {
                largest = g;
                largestNewest = newest;
            }
        }
        return largest.stream().max(Comparator.comparingLong(Candidate::connectedAtMillis).thenComparing(byId))
                .map(Candidate::id);
    }

    private static long pingOrMax(Candidate c) {
        return c.minPingMillis() < 0 ? Long.MAX_VALUE : c.minPingMillis();
    }

    /** Sorts by {@code order} and removes up to {@code k} elements matching {@code eligible} from the end. */
    private static void protectLast(List<Candidate> list, Comparator<Candidate> order, int k,
            Predicate<Candidate> eligible) {
        list.sort(order);
        int removed = 0;
        for (int i = list.size() - 1; i >= 0 && removed < k; i--) {
            if (eligible.test(list.get(i))) {
                list.remove(i);
                removed++;
            }
        }
    }

    /**
     * Core's network group: the /16 of an IPv4 address, the /32 of an IPv6 address; all private and link-local
     * addresses one group. Unlike Core, which puts all local peers in one group, a loopback address is grouped
     * by its /16 like any IPv4 address (so that peers on one machine can stand for different networks, as the
     * attack tests do; a real node sees loopback peers only behind a proxy, all from 127.0.0.1, one group).
     */
    public static long netGroup(InetAddress address) {
        byte[] a = address.getAddress();
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
            return 2;
        }
        if (address.isLoopbackAddress() && a.length == 16) {
            return 1;
        }
        if (a.length == 4) {
            return 4L << 32 | (a[0] & 0xffL) << 8 | (a[1] & 0xffL);
        }
        return 6L << 32 | (a[0] & 0xffL) << 24 | (a[1] & 0xffL) << 16 | (a[2] & 0xffL) << 8 | (a[3] & 0xffL);
    }

    /** A network group mixed with this node's secret {@code salt}, so peers cannot predict the protected order. */
    public static long keyed(long netGroup, long salt) {
        long z = netGroup ^ salt;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
