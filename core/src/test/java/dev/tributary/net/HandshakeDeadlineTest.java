package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake deadline, the same for every network. */
class HandshakeDeadlineTest {

    @Test
    void aPeerThatDoesNotCompleteTheHandshakeInTimeIsDropped() {
        HandshakeDeadline deadline = new HandshakeDeadline(60_000);
        RecordingConnection c = RecordingConnection.to("203.0.113.20", false);
        Peer p = c.peer(0);

        deadline.check(List.of(p), 60_000);
        assertThat(c.isOpen()).isTrue();

        deadline.check(List.of(p), 60_001);
        assertThat(c.closedBecause()).isEqualTo("no handshake within 60 s (it sent nothing, not even its version message)");
    }

    @Test
    void aPeerThatSpokeButDidNotCompleteTheHandshakeIsDroppedWithoutSayingItSentNothing() {
        RecordingConnection c = RecordingConnection.to("203.0.113.22", false);
        Peer p = c.peer(0);
        p.received(1_000);
        new HandshakeDeadline(60_000).check(List.of(p), 60_001);
        assertThat(c.closedBecause()).isEqualTo("no handshake within 60 s");
    }

    @Test
    void aReadyPeerHasNoDeadline() {
        RecordingConnection c = RecordingConnection.to("203.0.113.21", false);
        new HandshakeDeadline(60_000).check(List.of(c.readyPeer(0)), 10_000_000);
        assertThat(c.isOpen()).isTrue();
    }
}
