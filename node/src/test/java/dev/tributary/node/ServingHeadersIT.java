package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.cli.Cli;
import dev.tributary.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full node that holds validated headers without their blocks (here: mainnet headers 0-10236 imported, as in
 * README's example) serves those headers: a headers-only {@code sync} from it gets them all, while
 * {@code sync --blocks} fails at once naming the first block no peer has, instead of waiting or ending at
 * height 0.
 */
class ServingHeadersIT {
    private static final String TIP_LINE = "height=10236 tip=000000004f74d42205b9d7ae1cb5c1591e723894a71358fce73b7e0919628161"
            + " chainwork=43968251111421";
    private static final String BLOCK_1 = "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048";

    @TempDir
    Path dir;
    private Path served;

    @BeforeEach
    void importHeaders() throws Exception {
        Path headers = dir.resolve("headers-0-10236.bin");
        Files.write(headers, TestData.resource("headers-0-10236.bin"));
        served = dir.resolve("a");
        Cli.Result imported = Cli.run("import", "--network", "mainnet", "--datadir", served.toString(), "--headers",
                headers.toString());
        assertThat(imported.lastOut()).as("%s", imported).isEqualTo(TIP_LINE);
    }

    private Node startServing() throws Exception {
        Node node = ChainService.node(NodeConfig.of(NetworkParameters.MAINNET, served).withNet(TestNodes.listening())
                .withSync(TestNodes.quickSync()), List.of());
        node.start();
        return node;
    }

    @Test
    void aHeadersOnlySyncGetsEveryHeaderTheNodeValidated() throws Exception {
        try (Node a = startServing()) {
            String address = "127.0.0.1:" + a.listeningAddress().getPort();
            Cli.Result r = Cli.run("sync", "--network", "mainnet", "--minimum-chain-work", "0", "--datadir", dir.resolve("b").toString(),
                    "--connect", address, "--timeout", "120");
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.lastOut()).isEqualTo(TIP_LINE);
        }
    }

    @Test
    void syncWithBlocksFailsNamingTheFirstBlockNoPeerHas() throws Exception {
        try (Node a = startServing()) {
            String address = "127.0.0.1:" + a.listeningAddress().getPort();
            Cli.Result r = Cli.run("sync", "--network", "mainnet", "--minimum-chain-work", "0", "--datadir", dir.resolve("c").toString(),
                    "--connect", address, "--blocks", "--timeout", "120");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).containsExactly("error: no peer has block 1 (" + BLOCK_1 + "): " + address
                    + " answered that it does not have it");
            assertThat(r.out()).isEmpty();
        }
    }
}
