package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.wire.AddrMessage;
import dev.tributary.wire.EmptyMessages;
import dev.tributary.wire.NetworkAddress;
import dev.tributary.wire.TimestampedAddress;
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
    // --connect mode: learning addresses dials nobody, so no transport is needed.
    private final NetConfig config = NetConfig.defaults().withConnect(List.of(new InetSocketAddress("127.0.0.1", 1)));
    private final PeerManager manager = new PeerManager(config, NetworkParameters.REGTEST, null, scheduler, () -> 0, 0,
            random);
    private final AddressGossip gossip = new AddressGossip(book, scheduler,
            new OutboundConnector(manager, config, NetworkParameters.REGTEST, scheduler, book, random));

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

        gossip.onAddr(new AddrMessage(List.of(addr("198.51.100.2", now - 60), addr("198.51.100.3", now + 601),
                addr("198.51.100.4", now + 600))));

        assertThat(book.sample(10)).extracting(r -> r.address().getAddress().getHostAddress() + "@" + r.lastSeenSeconds())
                .containsExactlyInAnyOrder("198.51.100.2@" + (now - 60), "198.51.100.3@" + (now - DAYS_5),
                        "198.51.100.4@" + (now + 600));
    }
}
