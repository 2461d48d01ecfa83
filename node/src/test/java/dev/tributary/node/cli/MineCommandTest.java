package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary mine} into a data directory whose node recorded its networks ({@code DIR/networks}): mining another
 * network there is refused before anything is written, since that node would refuse to run it; its own network, or a
 * directory no node has run in, is mined.
 */
class MineCommandTest {
    @Test
    void anotherNetworkThanItsNodesIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path datadir = dir.resolve("r");
        Files.createDirectories(datadir);
        Files.writeString(datadir.resolve("networks"), "regtest\n");

        Cli.Result refused = Cli.run("mine", "--network", "dagtest", "--datadir", datadir.toString(), "--blocks", "1");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.out()).as("%s", refused).isEmpty();
        assertThat(refused.err()).as("%s", refused).singleElement().asString()
                .startsWith("error: data directory " + datadir + " is for regtest, not dagtest: its node would refuse");
        assertThat(datadir.resolve("store")).as("nothing mined").doesNotExist();

        Cli.Result own = Cli.run("mine", "--network", "regtest", "--datadir", datadir.toString(), "--blocks", "1");
        assertThat(own.exitCode()).as("%s", own).isZero();
        assertThat(own.lastOut()).startsWith("height=1 ");

        Cli.Result fresh = Cli.run("mine", "--network", "dagtest", "--datadir", dir.resolve("d").toString(),
                "--blocks", "1");
        assertThat(fresh.exitCode()).as("%s", fresh).isZero();
        assertThat(fresh.lastOut()).startsWith("height=1 tips=1 ");
    }
}
