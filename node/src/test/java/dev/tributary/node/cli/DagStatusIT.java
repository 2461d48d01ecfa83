package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.node.Node;
import dev.tributary.store.RocksDbKeyValueStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary status --network dagtest}: reports a stopped dagtest node's data directory with the DAG line
 * {@code mine} printed, lists its tips, and with {@code --check} verifies the store, naming a missing body.
 */
class DagStatusIT {
    @TempDir
    Path dir;

    @Test
    void statusReportsTheDagThatMineLeftAndCheckFindsItConsistent() {
        String datadir = dir.resolve("dag-node").toString();
        Cli.Result mined = Cli.run("mine", "--network", "dagtest", "--datadir", datadir, "--blocks", "6");
        assertThat(mined.exitCode()).as("%s", mined).isZero();

        Cli.Result status = Cli.run("status", "--network", "dagtest", "--datadir", datadir);
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.out()).first().isEqualTo("network=dagtest blocks=7");
        assertThat(status.out()).filteredOn(l -> l.startsWith("tip: ")).singleElement().asString()
                .matches("tip: height=6 hash=[0-9a-f]{64}");
        assertThat(status.lastOut()).isEqualTo(mined.lastOut()).matches("height=6 tips=1 tipshash=[0-9a-f]{64} blocks=7");

        Cli.Result checked = Cli.run("status", "--network", "dagtest", "--datadir", datadir, "--check");
        assertThat(checked.exitCode()).as("%s", checked).isZero();
        assertThat(checked.out()).contains("check: consistent");
        assertThat(checked.lastOut()).isEqualTo(mined.lastOut());
        assertThat(checked.err()).isEmpty();
    }

    @Test
    void checkNamesABlockWhoseBodyIsMissingAndExits1() {
        String datadir = dir.resolve("damaged").toString();
        assertThat(Cli.run("mine", "--network", "dagtest", "--datadir", datadir, "--blocks", "3").exitCode()).isZero();
        String tipLine = Cli.run("status", "--network", "dagtest", "--datadir", datadir).out().stream()
                .filter(l -> l.startsWith("tip: ")).findFirst().orElseThrow();
        Hash tip = Hash.fromDisplayHex(tipLine.substring(tipLine.indexOf("hash=") + 5));
        try (var kv = RocksDbKeyValueStore.openKeyspace(Node.storeDirectory(Path.of(datadir)),
                RocksDbKeyValueStore.Config.defaults(), "dagtest")) {
            byte[] key = new byte[33];
            key[0] = 'b';
            tip.copyTo(key, 1);
            kv.delete(key);
        }

        Cli.Result checked = Cli.run("status", "--network", "dagtest", "--datadir", datadir, "--check");
        assertThat(checked.exitCode()).as("%s", checked).isEqualTo(1);
        assertThat(checked.err()).containsExactly("inconsistent: block 3 (" + tip + ") is in the DAG but its body is not stored");
        assertThat(checked.out()).contains("check: 1 problems");
        assertThat(checked.lastOut()).startsWith("height=3 tips=1 ");
    }

    @Test
    void aDirectoryWithoutADagIsOneErrorLine() {
        Path empty = dir.resolve("nothing");
        Cli.Result r = Cli.run("status", "--network", "dagtest", "--datadir", empty.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).containsExactly("error: no DAG in " + empty + " (run mine --network dagtest or node first)");
        assertThat(empty).doesNotExist();

        String chain = dir.resolve("chain-node").toString();
        assertThat(Cli.run("mine", "--network", "regtest", "--datadir", chain, "--blocks", "1").exitCode()).isZero();
        Cli.Result wrongKind = Cli.run("status", "--network", "dagtest", "--datadir", chain);
        assertThat(wrongKind.exitCode()).as("%s", wrongKind).isEqualTo(1);
        assertThat(wrongKind.err()).singleElement().asString().startsWith("error: no DAG in ");
        assertThat(Cli.run("status", "--network", "regtest", "--datadir", chain).exitCode()).isZero();
    }
}
