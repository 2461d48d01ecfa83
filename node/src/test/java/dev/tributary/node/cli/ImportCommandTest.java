package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary import} into a data directory that holds more than one network's data: the refusal names every
 * network found (the chain first, the DAG's data as such), and its own network's chain is imported into; a directory
 * whose node recorded its networks ({@code DIR/networks}) refuses another one before anything is opened, as
 * {@code mine} does.
 */
class ImportCommandTest {
    @TempDir
    Path dir;

    @Test
    void aStoreOfRegtestAndDagtestNamesBothAndTakesRegtest() throws Exception {
        Path datadir = dir.resolve("both");
        assertThat(Cli.run("mine", "--network", "regtest", "--datadir", datadir.toString(), "--blocks", "1").exitCode())
                .isZero();
        assertThat(Cli.run("mine", "--network", "dagtest", "--datadir", datadir.toString(), "--blocks", "1").exitCode())
                .isZero();
        Path headers = Files.write(dir.resolve("h.bin"), new byte[80]);

        Cli.Result other = Cli.run("import", "--network", "testnet4", "--datadir", datadir.toString(), "--headers",
                headers.toString());
        assertThat(other.exitCode()).as("%s", other).isEqualTo(1);
        assertThat(other.err()).as("%s", other).singleElement().isEqualTo("error: RocksDB store in "
                + datadir.resolve("store") + " holds a regtest chain and dagtest data, not testnet4");

        Cli.Result own = Cli.run("import", "--network", "regtest", "--datadir", datadir.toString(), "--headers",
                headers.toString());
        assertThat(own.err()).as("%s", own).noneMatch(l -> l.contains("dagtest") || l.contains("holds"));
        assertThat(own.lastOut()).as("%s", own).startsWith("height=1 ");
    }

    @Test
    void anotherNetworkThanItsNodesIsRefusedBeforeAnythingIsOpened() throws Exception {
        Path datadir = dir.resolve("r");
        Files.createDirectories(datadir);
        Files.writeString(datadir.resolve("networks"), "regtest\ndagtest\n");
        Path headers = Files.write(dir.resolve("h.bin"), new byte[80]);

        Cli.Result refused = Cli.run("import", "--network", "testnet4", "--datadir", datadir.toString(), "--headers",
                headers.toString());
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.err()).as("%s", refused).singleElement().isEqualTo("error: data directory " + datadir
                + " is for regtest and dagtest, not testnet4: its node would refuse to run testnet4, so what is imported"
                + " would never be served; give the network it was made for, or another data directory");
        assertThat(datadir.resolve("store")).as("nothing opened").doesNotExist();
    }

    /** A file that is not a blocks file: the bytes found and the magic expected, in hexadecimal, both marked so. */
    @Test
    void aBlocksFileOfAnotherFormatNamesTheBytesAndTheMagic() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "# Tributary notes, not blocks\n");
        Cli.Result r = Cli.run("import", "--network", "mainnet", "--datadir", dir.resolve("m").toString(), "--blocks",
                text.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).singleElement().isEqualTo("error: " + text + ": record at byte 0 starts with"
                + " the bytes 0x23205472, not this network's magic 0xf9beb4d9 (a blocks file holds"
                + " [magic][length][block] records)");
    }

    @Test
    void anotherNetworksHeadersAreNamedByTheirGenesis() throws Exception {
        Path headers = Files.write(dir.resolve("mainnet.bin"),
                dev.tributary.chain.NetworkParameters.MAINNET.genesisBlock().header().serialize());
        Cli.Result r = Cli.run("import", "--network", "regtest", "--datadir", dir.resolve("reg").toString(),
                "--headers", headers.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).singleElement().asString().endsWith("does not connect: it is mainnet's genesis"
                + " block, not regtest's (give --network mainnet)");
        assertThat(dir.resolve("reg")).as("the datadir it made and stored nothing in").doesNotExist();
    }
}
