package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.InboundEviction.Candidate;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Which inbound peer makes room for a newcomer: Bitcoin Core's protections, then the largest network group. */
class InboundEvictionTest {

    private static Candidate peer(long id, long group, long connectedAt) {
        return new Candidate(id, group, connectedAt, -1, 0, 0, false);
    }

    @Test
    void theYoungestOfTheLargestGroupGoes() {
        List<Candidate> peers = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < 40; i++) {
            peers.add(peer(id++, 7, 1_000 + i)); // an attacker's network, 40 connections
        }
        for (int i = 0; i < 5; i++) {
            peers.add(peer(id++, 9, 5_000 + i)); // honest peers of another network, younger than all of them
        }
        Optional<Long> victim = InboundEviction.select(peers);
        assertThat(victim).isPresent();
        Candidate c = peers.get(victim.get().intValue());
        assertThat(c.netGroup()).as("the crowded group, not the honest newcomers").isEqualTo(7);
        long youngestUnprotected = peers.stream().filter(p -> p.netGroup() == 7).mapToLong(Candidate::connectedAtMillis)
                .max().orElseThrow();
        assertThat(c.connectedAtMillis()).isLessThanOrEqualTo(youngestUnprotected);
    }

    @Test
    void theFastestPeersAndRecentSendersOfBlocksAndTransactionsAreProtected() {
        List<Candidate> peers = new ArrayList<>();
        for (long id = 0; id < 60; id++) {
            long ping = id < 8 ? 1 + id : -1; // 0..7 answered pings fastest
            long block = id >= 8 && id < 12 ? 10_000 + id : 0; // 8..11 sent the newest blocks
            long tx = id >= 12 && id < 16 ? 10_000 + id : 0; // 12..15 the newest transactions
            // Every protected peer is the youngest, in one group: without protection they would go first.
            peers.add(new Candidate(id, 1, 100_000 - id, ping, block, tx, false));
        }
        for (int round = 0; round < 30; round++) {
            long victim = InboundEviction.select(peers).orElseThrow();
            assertThat(victim).as("round " + round).isGreaterThanOrEqualTo(16);
            peers.removeIf(p -> p.id() == victim);
        }
    }

    @Test
    void peersPreferredForEvictionGoFirst() {
        List<Candidate> peers = new ArrayList<>();
        for (long id = 0; id < 50; id++) {
            peers.add(new Candidate(id, 1, 1_000 + id, -1, 0, 0, id == 30)); // 30 misbehaved or never handshaked
        }
        // Unprotected: 23..45 (4 by group, the oldest half by uptime); without the preference 45, the youngest, would go.
        assertThat(InboundEviction.select(peers)).contains(30L);
    }

    @Test
    void nobodyGoesWhenEveryoneIsProtected() {
        List<Candidate> peers = new ArrayList<>();
        for (long id = 0; id < 4; id++) {
            peers.add(peer(id, id, 1_000 + id)); // four groups: all protected by network group
        }
        assertThat(InboundEviction.select(peers)).isEmpty();
        assertThat(InboundEviction.select(List.of())).isEmpty();
    }

    @Test
    void networkGroupsAreSixteenBitPrefixesForIpv4AndThirtyTwoForIpv6() throws Exception {
        long a = InboundEviction.netGroup(InetAddress.getByName("203.0.113.7"));
        assertThat(InboundEviction.netGroup(InetAddress.getByName("203.0.7.9"))).isEqualTo(a);
        assertThat(InboundEviction.netGroup(InetAddress.getByName("203.1.113.7"))).isNotEqualTo(a);
        long v6 = InboundEviction.netGroup(InetAddress.getByName("2001:db8:1::1"));
        assertThat(InboundEviction.netGroup(InetAddress.getByName("2001:db8:ffff::2"))).isEqualTo(v6);
        assertThat(InboundEviction.netGroup(InetAddress.getByName("2001:db9::1"))).isNotEqualTo(v6);
        assertThat(InboundEviction.netGroup(InetAddress.getByName("10.1.2.3")))
                .isEqualTo(InboundEviction.netGroup(InetAddress.getByName("192.168.9.9")));
        assertThat(InboundEviction.keyed(a, 1)).isNotEqualTo(InboundEviction.keyed(a, 2));
    }

    // ---- properties over any set of peers

    @Provide
    Arbitrary<List<Candidate>> candidates() {
        Arbitrary<Candidate> one = Combinators.combine(Arbitraries.longs().between(0, 5),
                Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(-1, 500),
                Arbitraries.longs().between(0, 3).map(n -> n == 0 ? 0 : n * 1_000),
                Arbitraries.longs().between(0, 3).map(n -> n == 0 ? 0 : n * 1_000), Arbitraries.of(true, false, false))
                .as((g, t, ping, block, tx, prefer) -> new Candidate(0, g, t, ping, block, tx, prefer));
        return one.list().ofMaxSize(150).map(list -> {
            List<Candidate> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Candidate c = list.get(i);
                out.add(new Candidate(i, c.netGroup(), c.connectedAtMillis(), c.minPingMillis(), c.lastBlockMillis(),
                        c.lastTxMillis(), c.preferEvict()));
            }
            return out;
        });
    }

    @Property
    void theVictimIsNeverAmongTheEightFastest(@ForAll("candidates") List<Candidate> peers) {
        InboundEviction.select(peers).ifPresent(victim -> {
            Set<Long> fastest = peers.stream().filter(p -> p.minPingMillis() >= 0)
                    .sorted(Comparator.comparingLong(Candidate::minPingMillis)).limit(8).map(Candidate::id)
                    .collect(Collectors.toSet());
            // Ties in ping: a peer as fast as the eighth may be protected instead of another equally fast one.
            long eighth = peers.stream().filter(p -> fastest.contains(p.id())).mapToLong(Candidate::minPingMillis)
                    .max().orElse(-1);
            Candidate v = peers.get(victim.intValue());
            if (fastest.size() == 8 && v.minPingMillis() == eighth) {
                return;
            }
            assertThat(fastest).doesNotContain(victim);
        });
    }

    @Property
    void aVictimExistsPastTwentyPeersAndIsOneOfThem(@ForAll("candidates") List<Candidate> peers) {
        Optional<Long> victim = InboundEviction.select(peers);
        if (peers.size() > 20) {
            assertThat(victim).isPresent();
        }
        victim.ifPresent(v -> assertThat(peers).anyMatch(p -> p.id() == v));
    }

    @Property
    void theVictimIsNeverAmongTheFourOldestOfTheOthers(@ForAll("candidates") List<Candidate> peers) {
        // Half of whoever is left after the other protections is protected by uptime: with many peers, the oldest
        // connection overall survives unless it is preferred for eviction.
        InboundEviction.select(peers).ifPresent(victim -> {
            Candidate oldest = peers.stream().min(Comparator.comparingLong(Candidate::connectedAtMillis)
                    .thenComparingLong(Candidate::id)).orElseThrow();
            boolean tied = peers.stream().filter(p -> p.connectedAtMillis() == oldest.connectedAtMillis()).count() > 1;
            if (peers.size() >= 24 && !tied) {
                assertThat(victim).isNotEqualTo(oldest.id());
            }
        });
    }
}
