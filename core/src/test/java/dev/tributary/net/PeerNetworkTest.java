package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.chain.message.ChainMessages;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.net.bitcoin.BitcoinNetworks;
import dev.tributary.wire.MessageCodec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Building networks from modules: commands belong to one module; networks on one manager must differ. */
class PeerNetworkTest {
    private final ManualScheduler scheduler = new ManualScheduler();

    /** A module that speaks Bitcoin's chain messages (as headers-first and blocks-first sync both do). */
    private static PeerModule chainSpeaker(String name) {
        return new PeerModule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void registerMessages(MessageCodec.Builder codec) {
                ChainMessages.register(codec);
            }

            @Override
            public void install(PeerNetwork network) {
            }
        };
    }

    private PeerNetwork.Builder regtest(int magic, String name) {
        return BitcoinNetworks.builder(name, magic, 18444, List.of(), NetConfig.defaults(), scheduler, () -> 0, 0,
                new Random(1));
    }

    @Test
    void aCommandTwoModulesRegisterIsAnErrorAtStartUpNamingTheNetworkAndBoth() {
        assertThatThrownBy(() -> regtest(0xdab5bffa, "regtest").module(chainSpeaker("headers-first sync"))
                .module(chainSpeaker("blocks-first sync")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("network regtest").hasMessageContaining("headers-first sync")
                .hasMessageContaining("blocks-first sync");
    }

    @Test
    void theNetworksCodecHoldsEveryModulesCommands() {
        PeerNetwork n = regtest(0xdab5bffa, "regtest").module(chainSpeaker("sync")).build();
        assertThat(n.wireFormat().codec().commands()).contains("version", "ping", "addr", "headers", "block", "tx");
        assertThat(n.wireFormat().codec().owner("headers")).isEqualTo("bitcoin chain");
        assertThat(n.modules()).extracting(PeerModule::name)
                .containsExactly("bitcoin handshake", "bitcoin ping", "bitcoin address gossip", "sync");
    }

    @Test
    void oneManagerRunsNetworksOnlyWhenItCanTellThemApartOnOnePort() {
        PeerManager manager = new PeerManager(NetConfig.defaults(), new InMemoryNetwork(1).endpoint(scheduler),
                scheduler);
        manager.add(regtest(0xdab5bffa, "regtest").build());
        assertThatThrownBy(() -> manager.add(regtest(0xdab5bffa, "copy").build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot tell them apart");
        assertThatThrownBy(() -> manager.add(regtest(0x0709110b, "regtest").build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already added");
        manager.add(regtest(0x0709110b, "testnet").build());
        assertThat(manager.networks()).extracting(PeerNetwork::name).containsExactly("regtest", "testnet");
    }
}
