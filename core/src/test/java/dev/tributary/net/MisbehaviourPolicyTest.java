package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testing.ManualScheduler;
import dev.tributary.wire.WireError;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Misbehaviour scores and bans alone: the threshold, the loopback exemption, ban expiry, wire errors. */
class MisbehaviourPolicyTest {
    private static final long DAY = 24L * 3600 * 1000;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MisbehaviourPolicy policy = new MisbehaviourPolicy(NetConfig.defaults(), scheduler);

    @Test
    void pointsAddUpAndAtTheThresholdThePeerIsDisconnectedAndBannedForADay() throws Exception {
        RecordingConnection c = RecordingConnection.to("203.0.113.7", true);
        Peer p = c.peer(0);

        policy.misbehaving(p, 60, "first");
        assertThat(p.misbehaviourScore()).isEqualTo(60);
        assertThat(c.isOpen()).isTrue();

        policy.misbehaving(p, 40, "second");
        assertThat(c.closedBecause()).isEqualTo("banned for misbehaviour: second");
        InetAddress ip = InetAddress.getByName("203.0.113.7");
        assertThat(policy.isBanned(ip)).isTrue();
        scheduler.advance(DAY);
        assertThat(policy.isBanned(ip)).isFalse();
    }

    @Test
    void offencesWorthNoPointsAreIgnored() {
        RecordingConnection c = RecordingConnection.to("203.0.113.8", true);
        Peer p = c.peer(0);

        policy.misbehaving(p, 0, "free");

        assertThat(p.misbehaviourScore()).isZero();
    }

    @Test
    void loopbackIsDisconnectedButNotBannedUnlessConfigured() {
        RecordingConnection c = RecordingConnection.to("127.0.0.1", true);
        policy.misbehaving(c.peer(0), 100, "bad");

        assertThat(c.closedBecause()).isEqualTo("misbehaviour score 100: bad");
        assertThat(policy.isBanned(InetAddress.getLoopbackAddress())).isFalse();

        MisbehaviourPolicy strict = new MisbehaviourPolicy(NetConfig.defaults().withBanLoopback(true), scheduler);
        RecordingConnection again = RecordingConnection.to("127.0.0.1", true);
        strict.misbehaving(again.peer(0), 100, "bad");
        assertThat(again.closedBecause()).isEqualTo("banned for misbehaviour: bad");
        assertThat(strict.isBanned(InetAddress.getLoopbackAddress())).isTrue();
    }

    @Test
    void aWireErrorIsScoredByKindAndASevereOneDisconnects() {
        RecordingConnection c = RecordingConnection.to("203.0.113.9", true);
        Peer p = c.peer(0);

        policy.wireError(p, new WireError(WireError.Kind.UNKNOWN_COMMAND, "foo", "no decoder"));
        assertThat(p.misbehaviourScore()).isEqualTo(1);
        assertThat(c.isOpen()).isTrue();

        policy.wireError(p, new WireError(WireError.Kind.BAD_CHECKSUM, "inv", "checksum"));
        assertThat(p.misbehaviourScore()).isEqualTo(11);
        assertThat(c.isOpen()).isTrue();

        RecordingConnection loopback = RecordingConnection.to("127.0.0.1", true);
        WireError oversized = new WireError(WireError.Kind.OVERSIZED, "block", "too big");
        policy.wireError(loopback.peer(0), oversized);
        assertThat(loopback.closedBecause()).isEqualTo("misbehaviour score 100: " + oversized);
    }

    @Test
    void aConnectionGoneBeforeRegistrationIsClosedAndBannedForASevereError() throws Exception {
        RecordingConnection c = RecordingConnection.to("203.0.113.10", true);
        WireError badMagic = new WireError(WireError.Kind.BAD_MAGIC, "", "bad magic");

        policy.wireErrorBeforeRegistered(c, badMagic);

        assertThat(c.closedBecause()).isEqualTo(badMagic.toString());
        assertThat(policy.isBanned(InetAddress.getByName("203.0.113.10"))).isTrue();
    }
}
