package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagParameters;
import dev.tributary.wire.KnownMagics;
import org.junit.jupiter.api.Test;

/** The magics that name a stranger's network are those of Tributary's own networks, and Bitcoin's others. */
class NetworkProbeTest {
    @Test
    void theKnownMagicsAreTheNetworksOwn() {
        for (NetworkParameters n : new NetworkParameters[] {NetworkParameters.MAINNET, NetworkParameters.TESTNET4,
                NetworkParameters.REGTEST}) {
            assertThat(KnownMagics.all()).containsEntry(n.magic(), n.name());
            assertThat(KnownMagics.owner(n.magic())).isEqualTo(" (" + n.name() + "'s)");
        }
        assertThat(KnownMagics.all()).containsEntry(DagParameters.DAGTEST.magic(), "dagtest");
        assertThat(KnownMagics.owner(new byte[] {(byte) 0xfa, (byte) 0xbf, (byte) 0xb5, (byte) 0xda})).isEqualTo(" (regtest's)");
        assertThat(KnownMagics.owner(new byte[] {0x0b, 0x11, 0x09, 0x07})).isEqualTo(" (testnet3's)");
        assertThat(KnownMagics.owner(0x12345678)).isEmpty();
        assertThat(NetworkProbe.KNOWN.values()).as("asked in a fixed order, without tribdb, which every node speaks")
                .containsExactly("dagtest", "mainnet", "regtest", "signet", "testnet3", "testnet4");
        NetworkProbe.KNOWN.forEach((magic, name) -> assertThat(KnownMagics.all()).containsEntry(magic, name));
    }

    @Test
    void aServerThatGreetsInAnotherProtocolIsNamedSo() throws Exception {
        // a database server speaks first: MariaDB's greeting starts with its length, 0x64 0x00 0x00, then 0x00
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread greeter = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        s.setSoTimeout(10_000);
                        s.getOutputStream().write(new byte[] {0x64, 0, 0, 0, 10, '1', '0'});
                        s.getOutputStream().flush();
                        // read all the probe sends until it closes: closing with its bytes unread would reset the
                        // connection, and the reset may overtake the greeting
                        s.getInputStream().readAllBytes();
                    } catch (java.io.IOException e) {
                        if (server.isClosed()) {
                            return;
                        }
                    }
                }
            });
            greeter.start();
            java.net.InetSocketAddress address = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                    server.getLocalPort());
            assertThat(NetworkProbe.strangers(java.util.List.of(address), java.util.List.of("regtest"), 2_000))
                    .singleElement().asString()
                    .isEqualTo(dev.tributary.net.HostPort.of(address) + " is not a regtest peer: it answers in another"
                            + " protocol (its first bytes are 64000000, no network's magic; a database or another"
                            + " service listens there?)");
        }
    }

    @Test
    void aNodeOfDatabasesOnlyIsNamedSo() throws Exception {
        // a node run without --network answers tribdb's magic only, and closes every chain's connection at once
        byte[] tribdb = {0x74, 0x72, 0x64, 0x62};
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread node = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        s.setSoTimeout(10_000);
                        byte[] magic = s.getInputStream().readNBytes(4);
                        if (java.util.Arrays.equals(magic, tribdb)) {
                            s.getOutputStream().write(tribdb);
                            s.getOutputStream().flush();
                            s.getInputStream().readAllBytes();
                        }
                    } catch (java.io.IOException e) {
                        if (server.isClosed()) {
                            return;
                        }
                    }
                }
            });
            node.start();
            java.net.InetSocketAddress address = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                    server.getLocalPort());
            assertThat(NetworkProbe.strangers(java.util.List.of(address), java.util.List.of("regtest"), 2_000))
                    .singleElement().asString()
                    .isEqualTo(dev.tributary.net.HostPort.of(address) + " is a Tributary node of databases only: it runs"
                            + " no regtest (give the --listen address of a node run with --network regtest)");
        }
    }

    @Test
    void onlyAPeerThatClosedTheConnectionIsProbed() {
        assertThat(NetworkProbe.beforeHandshake(new java.io.IOException("the connection to 127.0.0.1:1 closed before the"
                + " handshake completed: connection reset"))).isTrue();
        assertThat(NetworkProbe.beforeHandshake(new java.io.IOException("the connection to 127.0.0.1:1 closed before the"
                + " handshake completed: no handshake within 60 s (it sent nothing, not even its version message)")))
                .as("a silent peer was dropped at the deadline: no other network's node stays silent").isFalse();
    }
}
