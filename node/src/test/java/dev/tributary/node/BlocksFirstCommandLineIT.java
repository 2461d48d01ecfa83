package dev.tributary.node;

import dev.tributary.node.chain.SyntheticTransactions;
import static dev.tributary.node.CommandLineIT.assertOneErrorLine;
import static dev.tributary.node.CommandLineIT.assertUsageError;
import static dev.tributary.node.CommandLineIT.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of blocks-first sync and local mining: {@code --sync-mode}, {@code --stall-timeout},
 * {@code node --http}, {@code mine} and {@code make-tx}, as a person meets them. Usage
 * errors exit 2, bad input exits 1 with one {@code error:} line.
 */
class BlocksFirstCommandLineIT {
    private static final Duration CHILD_PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void usageErrorsExit2() {
        String d = dir.resolve("a").toString();
        assertUsageError(Cli.run("node", "--network", "regtest", "--datadir", d, "--sync-mode", "fast"),
                "unknown sync mode 'fast' (valid: headers, blocks)");
        assertUsageError(Cli.run("sync", "--network", "regtest", "--datadir", d, "--connect", "127.0.0.1:1",
                "--sync-mode", "blocks", "--stall-timeout", "0"), "--stall-timeout");
        assertUsageError(Cli.run("node", "--network", "regtest", "--datadir", d, "--sync-mode", "blocks",
                "--headers-only"), "--headers-only needs --sync-mode headers");
        assertUsageError(Cli.run("node", "--network", "regtest", "--datadir", d, "--http", "localhost"),
                "is not HOST:PORT");
        assertUsageError(Cli.run("mine", "--network", "regtest", "--datadir", d, "--blocks", "0"), "--blocks");
        assertUsageError(Cli.run("mine", "--network", "regtest", "--datadir", d), "--blocks");
        assertUsageError(Cli.run("mine", "--network", "mainnet", "--datadir", d, "--blocks", "1"),
                "cannot mine on mainnet");
        assertUsageError(Cli.run("mine", "--network", "bitcoincash", "--datadir", d, "--blocks", "1"), "bitcoincash");
        assertUsageError(Cli.run("make-tx", "--count", "0"), "--count");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void mineExtendsAStoppedNodesChainAndSyncBlocksFirstFetchesIt() throws Exception {
        Path miner = dir.resolve("miner");
        Cli.Result first = Cli.run("mine", "--network", "regtest", "--datadir", miner.toString(), "--blocks", "5");
        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(first.lastOut()).startsWith("height=5 tip=");
        Cli.Result more = Cli.run("mine", "--network", "regtest", "--datadir", miner.toString(), "--blocks", "3");
        assertThat(more.lastOut()).as("%s", more).startsWith("height=8 tip=");
        Cli.Result status = Cli.run("status", "--network", "regtest", "--datadir", miner.toString(), "--check");
        assertThat(status.out()).contains("check: consistent");
        assertThat(status.lastOut()).isEqualTo(more.lastOut());

        try (ChildCli node = ChildCli.start("node", "--network", "regtest", "--datadir", miner.toString(),
                "--sync-mode", "blocks", "--listen", "127.0.0.1:" + freePort())) {
            String listening = node.awaitErrLine(l -> l.contains("Listening on"), CHILD_PATIENCE);
            String address = listening.substring(listening.lastIndexOf(' ') + 1);
            Cli.Result sync = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("b").toString(),
                    "--connect", address, "--sync-mode", "blocks", "--timeout", "60");
            assertThat(sync.exitCode()).as("%s", sync).isZero();
            assertThat(sync.lastOut()).isEqualTo(more.lastOut());
            assertThat(sync.out().get(0)).contains("blocks 0 -> 8 (8 fetched");
        }
    }

    @Test
    void aNodeServesItsHttpApiAndFailsNamingAnAddressItCannotBind() throws Exception {
        int port = freePort();
        try (ChildCli node = ChildCli.start("node", "--network", "regtest", "--datadir", dir.resolve("n").toString(),
                "--sync-mode", "blocks", "--http", "127.0.0.1:" + port)) {
            node.awaitErrLine(l -> l.contains("HTTP API listening on 127.0.0.1:" + port), CHILD_PATIENCE);
            assertThat(new ApiClient(port).post("/mine", "{\"blocks\": 2}").status()).as("without the token")
                    .isEqualTo(401);
            ApiClient api = new ApiClient(port, dev.tributary.node.http.CookieFile.read(dir.resolve("n")));
            ApiClient.Reply mined = api.post("/mine", "{\"blocks\": 2}");
            assertThat(mined.status()).as("%s", mined).isEqualTo(200);
            assertThat(api.get("/status").body().get("height").asInt()).isEqualTo(2);
            node.awaitErrLine(l -> l.contains("Mined 2 blocks, last "), CHILD_PATIENCE);
            assertThat(api.post("/mine", "{\"blocks\": 1}").status()).isEqualTo(200);
            node.awaitErrLine(l -> l.contains("Mined 1 block, last "), CHILD_PATIENCE);
        }
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + busy.getLocalPort();
            Cli.Result r = ChildCli.run(CHILD_PATIENCE, "node", "--network", "regtest", "--datadir",
                    dir.resolve("m").toString(), "--http", address);
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertOneErrorLine(r).isEqualTo("error: cannot serve HTTP on " + address + ": the port is in use");
            assertThat(dir.resolve("m")).as("nothing written").doesNotExist();
        }
    }

    @Test
    void makeTxPrintsTransactionsInHex() {
        Cli.Result r = Cli.run("make-tx", "--count", "2", "--seed", "9");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).hasSize(2).allMatch(l -> l.matches("[0-9a-f]{" + 2 * SyntheticTransactions.SIZE + "}"));
        assertThat(Cli.run("make-tx", "--count", "2", "--seed", "9").out()).isEqualTo(r.out());
    }
}
