package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import static dev.tributary.node.TestNodes.REGTEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.NetConfig;
import dev.tributary.testing.RawFrames;
import dev.tributary.testing.ScriptedPeer;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import dev.tributary.net.bitcoin.VersionMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer manager's rules over real sockets, each against a fresh listening node (genesis only, in-memory
 * store) with timeouts short enough to watch them act: handshake timeout, minimum protocol version,
 * connections to self, messages before the handshake, ping timeout, and bans (with loopback banning on, as
 * it is off by default so that local test peers sharing 127.0.0.1 are only disconnected).
 */
class PeerHandlingIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private LogCapture logs;
    private Node node;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        logs.close();
    }

    private InetSocketAddress start(NetConfig net) throws IOException {
        node = ChainService.node(NodeConfig.of(REGTEST, dir).withStore(StoreKind.MEMORY).withNet(net)
                .withSync(TestNodes.quickSync()), List.of());
        node.start();
        return node.listeningAddress();
    }

    @Test
    void aPeerThatNeverHandshakesIsDroppedAtTheHandshakeTimeout() throws Exception {
        // TestNodes.listening(): handshake timeout 2 s.
        InetSocketAddress address = start(TestNodes.listening());
        try (ScriptedPeer silent = new ScriptedPeer(REGTEST).connectSilently(address);
                ScriptedPeer talking = new ScriptedPeer(REGTEST).connect(address)) {
            talking.awaitHandshake(WAIT);
            long started = System.nanoTime();
            silent.awaitClosed(WAIT);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("dropped after about the 2 s timeout").isBetween(1_000L, 5_000L);
            assertThat(silent.received()).isEmpty();
            // The peer that handshook stays.
            talking.send(new PingMessage(3));
            talking.awaitMessage(PongMessage.class, p -> p.nonce() == 3, WAIT);
            assertThat(talking.isClosed()).isFalse();
        }
    }

    @Test
    void aPeerBelowProtocolVersion70001IsDropped() throws Exception {
        InetSocketAddress address = start(TestNodes.listening());
        try (ScriptedPeer old = new ScriptedPeer(REGTEST).protocolVersion(60_002).connect(address)) {
            old.awaitClosed(WAIT);
            assertThat(old.received()).as("no version, no verack").isEmpty();
            logs.awaitLine(WAIT, old.label(), "obsolete protocol version 60002");
        }
        try (ScriptedPeer current = new ScriptedPeer(REGTEST).protocolVersion(70_001).connect(address)) {
            current.awaitHandshake(WAIT);
        }
    }

    @Test
    void aConnectionToSelfIsDetectedByItsNonceAndDropped() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        InetSocketAddress self = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        start(TestNodes.listening().withListen(self).withConnect(List.of(self)));
        logs.awaitLine(WAIT, "Connected to self");
        assertThat(node.call(() -> node.peers().readyPeers())).isEmpty();
        assertThat(logs.lines("Handshake with")).isEmpty();
    }

    @Test
    void aMessageBeforeTheHandshakeCostsOnePoint() throws Exception {
        InetSocketAddress address = start(TestNodes.listening());
        try (ScriptedPeer eager = new ScriptedPeer(REGTEST).connectSilently(address)) {
            eager.send(new PingMessage(1));
            logs.awaitWarning(WAIT, eager.label(), "ping before the handshake", "+1");
            eager.sendVersion();
            eager.awaitHandshake(WAIT);
            eager.send(new PingMessage(2));
            eager.awaitMessage(PongMessage.class, p -> p.nonce() == 2, WAIT);
            assertThat(eager.received(PongMessage.class)).noneMatch(p -> p.nonce() == 1);
            assertThat(TestNodes.scoreOf(node, eager.address())).isEqualTo(1);
        }
    }

    @Test
    void aPeerThatDoesNotAnswerPingsIsDroppedAtThePingTimeout() throws Exception {
        InetSocketAddress address = start(TestNodes.listening().withTimeouts(2_000, 500, 1_000));
        try (ScriptedPeer deaf = new ScriptedPeer(REGTEST).ignore(PingMessage.class).connect(address);
                ScriptedPeer alive = new ScriptedPeer(REGTEST).connect(address)) {
            deaf.awaitHandshake(WAIT);
            alive.awaitHandshake(WAIT);
            deaf.awaitMessage(PingMessage.class, WAIT);
            deaf.awaitClosed(WAIT);
            logs.awaitLine(WAIT, deaf.label(), "ping unanswered");
            // The peer that answers has been pinged too, and is still connected.
            alive.awaitMessage(PingMessage.class, WAIT);
            alive.send(new PingMessage(4));
            alive.awaitMessage(PongMessage.class, p -> p.nonce() == 4, WAIT);
            assertThat(alive.isClosed()).isFalse();
        }
    }

    @Test
    void aPeerReaching100PointsIsBannedAndItsAddressRefused() throws Exception {
        InetSocketAddress address = start(TestNodes.listening().withBanLoopback(true));
        try (ScriptedPeer bad = new ScriptedPeer(REGTEST).connect(address)) {
            bad.awaitHandshake(WAIT);
            bad.sendRaw(RawFrames.headerOnly(REGTEST.magic(), "block", 0x7fff_ffffL));
            bad.awaitClosed(WAIT);
            logs.awaitWarning(WAIT, bad.label(), "message too large", "+100");
            logs.awaitLine(WAIT, bad.label(), "banned for misbehaviour");
        }
        assertThat(node.call(() -> node.peers().isBanned(InetAddress.getLoopbackAddress()))).isTrue();
        // Every later connection from the banned address is closed before a word is exchanged.
        try (ScriptedPeer again = new ScriptedPeer(REGTEST).connectSilently(address)) {
            again.awaitClosed(WAIT);
            assertThat(again.received()).isEmpty();
            assertThat(again.peerVersion()).isEmpty();
        }
    }

    @Test
    void anAddressAskedForThatSpeaksAnotherProtocolIsSaidSoPlainlyAndNotBanned() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!http.isClosed()) {
                    try (var socket = http.accept()) {
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                        socket.getInputStream().read(new byte[100]);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "fake-http");
            server.start();
            InetSocketAddress mistyped = new InetSocketAddress(InetAddress.getLoopbackAddress(), http.getLocalPort());
            start(TestNodes.listening().withBanLoopback(true).withConnect(List.of(mistyped)));

            logs.awaitWarning(WAIT, "127.0.0.1:" + http.getLocalPort(), "does not speak the regtest peer protocol",
                    "an HTTP server?", "its --listen address");

            assertThat(node.call(() -> node.peers().isBanned(InetAddress.getLoopbackAddress()))).isFalse();
            assertThat(logs.warnings("misbehaved")).isEmpty();
            assertThat(logs.lines("banned")).isEmpty();
        }
    }

    @Test
    void aScriptedPeerHandshakesInEitherDirection() throws Exception {
        // The node dials a listening scripted peer (outbound for the node) and accepts a connecting one.
        try (ScriptedPeer dialled = new ScriptedPeer(REGTEST).startHeight(0)) {
            InetSocketAddress peer = dialled.listen();
            InetSocketAddress address = start(TestNodes.listening().withConnect(List.of(peer)));
            dialled.awaitHandshake(WAIT);
            VersionMessage v = dialled.peerVersion().orElseThrow();
            assertThat(v.protocolVersion()).isEqualTo(NetConfig.PROTOCOL_VERSION);
            assertThat(v.hasServices(VersionMessage.NODE_NETWORK | VersionMessage.NODE_WITNESS)).isTrue();
            try (ScriptedPeer caller = new ScriptedPeer(REGTEST).connect(address)) {
                caller.awaitHandshake(WAIT);
            }
            logs.awaitLine(WAIT, "Handshake with " + dialled.label(), "outbound");
        }
    }
}
