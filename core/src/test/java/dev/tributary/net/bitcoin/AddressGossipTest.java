package dev.tributary.net.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.AddressBook;
import dev.tributary.net.Peer;
import dev.tributary.net.RecordingConnection;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.wire.Message;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Address gossip alone: getaddr to outbound peers, answers to inbound ones only and once, addr into the book. */
class AddressGossipTest {
    private static final long DAYS_5 = 5 * 24 * 3600;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Random random = new Random(1);
    private final AddressBook book = new AddressBook(random);
    private final List<Peer> ready = new java.util.ArrayList<>();
    private final AddressGossip gossip = new AddressGossip(scheduler, random, book, () -> ready);

    private static TimestampedAddress addr(String ip, long time) {
        return new TimestampedAddress(time, NetworkAddress.of(1, new InetSocketAddress(ip, 8333)));
    }

    @Test
    void anOutboundPeerIsAskedForAddressesWhenReadyAndMarkedConnected() {
        RecordingConnection out = RecordingConnection.to("203.0.113.30", false);
        book.add(out.remoteAddress(), 1, 0);

        gossip.peerReady(out.peer(0));

        assertThat(out.sent()).containsExactly(EmptyMessages.GetAddr.INSTANCE);
        assertThat(book.sample(10)).singleElement()
                .satisfies(r -> assertThat(r.lastSeenSeconds()).isEqualTo(scheduler.nowSeconds()));
    }

    @Test
    void anInboundPeerIsNotAskedForAddresses() {
        RecordingConnection in = RecordingConnection.to("203.0.113.31", true);

        gossip.peerReady(in.peer(0));

        assertThat(in.sent()).isEmpty();
    }

    @Test
    void getaddrIsAnsweredOnceAndOnlyToInboundPeers() {
        book.add(new InetSocketAddress("198.51.100.1", 8333), 1, 1_000);
        RecordingConnection in = RecordingConnection.to("203.0.113.32", true);
        RecordingConnection out = RecordingConnection.to("203.0.113.33", false);
        Peer inbound = in.peer(0);

        gossip.onGetAddr(inbound);
        gossip.onGetAddr(inbound);
        gossip.onGetAddr(out.peer(0));

        assertThat(in.sent()).containsExactly(new AddrMessage(List.of(addr("198.51.100.1", 1_000))));
        assertThat(out.sent()).isEmpty();
    }

    @Test
    void addrEntriesGoIntoTheBookAndOnesFromTheFutureCountAsFiveDaysOld() {
        long now = scheduler.nowSeconds();

        gossip.onAddr(RecordingConnection.to("203.0.113.9", true).peer(0), new AddrMessage(List.of(
                addr("198.51.100.2", now - 60), addr("198.51.100.3", now + 601), addr("198.51.100.4", now + 600))));

        assertThat(book.sample(10)).extracting(r -> r.address().getAddress().getHostAddress() + "@" + r.lastSeenSeconds())
                .containsExactlyInAnyOrder("198.51.100.2@" + (now - 60), "198.51.100.3@" + (now - DAYS_5),
                        "198.51.100.4@" + (now + 600));
    }

    @Test
    void aSmallAddrOfFreshAddressesIsRelayedOnceToTwoOtherPeers() {
        long now = scheduler.nowSeconds();
        RecordingConnection source = RecordingConnection.to("203.0.113.1", true);
        List<RecordingConnection> others = List.of(RecordingConnection.to("203.0.113.2", false),
                RecordingConnection.to("203.0.113.3", false), RecordingConnection.to("203.0.113.4", true));
        Peer from = source.peer(0);
        ready.add(from);
        others.forEach(c -> ready.add(c.peer(0)));
        AddrMessage announcement = new AddrMessage(List.of(addr("198.51.100.7", now - 30), addr("198.51.100.8", now - 3600)));

        gossip.onAddr(from, announcement);
        gossip.onAddr(from, announcement);

        assertThat(source.sent()).as("never back to the sender").isEmpty();
        List<Message> relayed = others.stream().flatMap(c -> c.sent().stream()).toList();
        assertThat(relayed).as("two peers, once: the second copy is not relayed again").hasSize(2);
        assertThat(relayed).allSatisfy(m -> assertThat(((AddrMessage) m).addresses()).extracting(
                a -> a.address().address().getHostAddress()).containsExactly("198.51.100.7"));
    }

    @Test
    void aLargeAddrAnsweringGetAddrIsNotRelayed() {
        long now = scheduler.nowSeconds();
        RecordingConnection other = RecordingConnection.to("203.0.113.2", false);
        Peer from = RecordingConnection.to("203.0.113.1", false).peer(0);
        ready.add(from);
        ready.add(other.peer(0));
        List<TimestampedAddress> many = new java.util.ArrayList<>();
        for (int i = 1; i <= AddressGossip.RELAY_MAX_ENTRIES + 1; i++) {
            many.add(addr("198.51.100." + i, now));
        }

        gossip.onAddr(from, new AddrMessage(many));

        assertThat(other.sent()).isEmpty();
        assertThat(book.size()).isEqualTo(many.size());
    }
}
