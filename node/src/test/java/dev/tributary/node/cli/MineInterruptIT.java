package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary mine} stopped by Ctrl-C says so, how many blocks it had mined, and that they are kept: it ended
 * silently, leaving a person to guess whether the store was left half-written.
 */
class MineInterruptIT {
    @TempDir
    Path dir;

    @Test
    void ctrlCSaysHowManyBlocksWereMinedAndKept() throws Exception {
        Path datadir = dir.resolve("chain");
        int mined;
        try (ChildCli mine = ChildCli.start("mine", "--network", "regtest", "--datadir", datadir.toString(),
                "--blocks", "1000000")) {
            mine.awaitErrLine(l -> l.startsWith("Mining: 0/1000000 blocks"), Duration.ofSeconds(60));
            mine.interrupt();
            mine.waitFor(Duration.ofSeconds(60));
            String start = "mine: interrupted after at least ";
            String notice = mine.err().stream().filter(l -> l.startsWith(start)).findFirst()
                    .orElseThrow(() -> new AssertionError("no notice in " + mine.transcript()));
            assertThat(notice).endsWith(" of 1000000 blocks; the blocks mined are stored: 'tributary status"
                    + " --network regtest --datadir " + datadir + "' shows the tip");
            mined = Integer.parseInt(notice.substring(start.length(), notice.indexOf(" of ")));
            assertThat(mine.out()).as("no tip line: the run did not finish").isEmpty();
        }
        Cli.Result status = ChildCli.run(Duration.ofSeconds(60), "status", "--network", "regtest", "--datadir",
                datadir.toString(), "--check");
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.toString()).contains("check: consistent");
        String tip = status.out().stream().filter(l -> l.startsWith("height=")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(tip.substring("height=".length(), tip.indexOf(' '))))
                .as("the blocks the notice counted are stored").isGreaterThanOrEqualTo(mined);
    }
}
