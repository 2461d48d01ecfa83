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
}
