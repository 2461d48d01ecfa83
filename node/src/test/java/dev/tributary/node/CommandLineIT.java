package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.ChainStores;
import dev.tributary.node.chain.TipLine;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import dev.tributary.chain.store.KeyValueSyncPersist;
import dev.tributary.chain.store.RocksDbSyncPersist;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command's error handling, as a person meets it: usage errors exit 2 with picocli's usage message;
 * bad input, an unreachable peer or an unusable data directory exit 1 with one {@code error:} line and
 * no stack trace. Commands that print a stack trace or hang would show here. Cases that look at the
 * whole of standard error run in a child JVM ({@link ChildCli}), the rest in this one ({@link Cli}).
 * Also: the demo runs and ends with its documented last lines (the benchmarks' are in the bench module).
 */
class CommandLineIT {
    private static final Duration CHILD_PATIENCE = Duration.ofSeconds(60);
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$/<>]+\\(.*\\)$");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"import", "sync", "status", "node"})
    void anUnknownNetworkIsAUsageError(String command) {
        Cli.Result r = Cli.run(args(command, "--network", "bitcoincash", "--datadir", dir.toString()));
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: invalid value for option '--network'")
                .contains("bitcoincash").contains("regtest").endsWith("(see 'tributary " + command + " --help')");
        assertThat(r.out()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"import", "sync", "status", "node"})
    void aMissingDatadirIsAUsageError(String command) {
        Cli.Result r = Cli.run(args(command, "--network", "regtest"));
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString().contains("missing required option '--datadir=DIR'")
                .endsWith("(see 'tributary " + command + " --help')");
    }

    /** {@code command}, {@code options} and what else the command requires. */
    private static String[] args(String command, String... options) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(List.of(options));
        switch (command) {
            case "import" -> all.addAll(List.of("--headers", "x.bin"));
            case "sync" -> all.addAll(List.of("--connect", "127.0.0.1:1"));
            default -> { }
        }
        return all.toArray(String[]::new);
    }

    @Test
    void otherUsageErrorsExit2() {
        assertUsageError(Cli.run("import", "--network", "regtest", "--datadir", dir.toString()), "--headers FILE");
        assertUsageError(Cli.run("sync", "--network", "regtest", "--datadir", dir.toString()), "--connect");
        assertUsageError(Cli.run("sync", "--network", "regtest", "--datadir", dir.toString(),
                "--connect", "127.0.0.1:70000"), "port out of range");
        assertUsageError(Cli.run("sync", "--network", "regtest", "--datadir", dir.toString(),
                "--connect", "localhost"), "is not HOST:PORT");
        assertUsageError(Cli.run("sync", "--network", "regtest", "--datadir", dir.toString(),
                "--connect", "127.0.0.1:1", "--batch-size", "0"), "--batch-size");
        assertUsageError(Cli.run("import", "--network", "regtest", "--datadir", dir.toString(), "--headers", "x.bin",
                "--start-height", "-1"), "--start-height");
        Cli.Result unknown = Cli.run("frobnicate");
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(2);
        assertThat(unknown.err()).as("%s", unknown).singleElement().asString().contains("unknown command 'frobnicate'");
        assertThat(dir).isEmptyDirectory();
    }

    static void assertUsageError(Cli.Result r, String mentions) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ").contains(mentions)
                .contains("(see 'tributary ");
    }

    @Test
    void importOfAMissingFileIsOneErrorLine() throws Exception {
        Path missing = dir.resolve("no-such-file.bin");
        Cli.Result r = ChildCli.run(CHILD_PATIENCE, "import", "--network", "mainnet", "--datadir",
                dir.resolve("a").toString(), "--headers", missing.toString());
        assertThat(r.exitCode()).as("the file is the user's input, named on the command line: %s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).containsExactly("error: cannot read " + missing + ": no such file or directory"
                + " (see 'tributary import --help')");
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void importOfAFileThatIsNotWholeHeadersIsOneClearErrorLine() throws Exception {
        Path bad = dir.resolve("bad.bin");
        Files.write(bad, new byte[80 * 3 + 7]);
        Cli.Result r = ChildCli.run(CHILD_PATIENCE, "import", "--network", "mainnet", "--datadir",
                dir.resolve("a").toString(), "--headers", bad.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertOneErrorLine(r).contains(bad.toString()).contains("247 bytes").contains("80-byte headers");
        assertThat(dir.resolve("a")).as("nothing is created for a file that cannot be imported").doesNotExist();
    }

    @Test
    void importOfHeadersThatDoNotConnectNamesTheHeader() throws Exception {
        byte[] headers = dev.tributary.testing.TestData.resource("headers-80001-100000.bin");
        Path file = dir.resolve("h.bin");
        Files.write(file, java.util.Arrays.copyOf(headers, 80 * 10));
        Cli.Result r = ChildCli.run(CHILD_PATIENCE, "import", "--network", "mainnet", "--datadir",
                dir.resolve("a").toString(), "--headers", file.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertOneErrorLine(r).contains("header 0").contains("does not connect");
        assertThat(r.out()).last().asString().startsWith("height=0 tip=" + NetworkParameters.MAINNET.genesisHash());
    }

    @Test
    void syncToAPortNobodyListensOnFailsQuicklyNamingTheAddress() throws Exception {
        int port = freePort();
        String address = "127.0.0.1:" + port;
        long start = System.nanoTime();
        Cli.Result inProcess = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("a").toString(),
                "--connect", address, "--timeout", "30");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(inProcess.exitCode()).as("%s", inProcess).isEqualTo(1);
        assertThat(inProcess.err()).as("%s", inProcess).containsExactly(inProcess.err().get(0));
        assertThat(inProcess.err().get(0)).startsWith("error: ").contains(address);
        assertThat(millis).as("ms until the sync gave up").isLessThan(NetConfig.defaults().connectTimeoutMillis());

        Cli.Result child = ChildCli.run(CHILD_PATIENCE, "sync", "--network", "regtest", "--datadir",
                dir.resolve("b").toString(), "--connect", address, "--blocks");
        assertThat(child.exitCode()).as("%s", child).isEqualTo(1);
        assertOneErrorLine(child).contains(address);
    }

    @Test
    void syncFromANodeOfAnotherNetworkFailsInsteadOfRedialling() throws Exception {
        try (Node mainnet = LocalNetwork.startServer(NetworkParameters.MAINNET, dir.resolve("m"), StoreKind.MEMORY,
                dev.tributary.sync.headers.SyncConfig.defaults(), 0, n -> { })) {
            String address = "127.0.0.1:" + mainnet.listeningAddress().getPort();
            Cli.Result r = ChildCli.run(CHILD_PATIENCE, "sync", "--network", "regtest", "--datadir",
                    dir.resolve("a").toString(), "--connect", address);
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertOneErrorLine(r).contains(address).contains("before the handshake")
                    .contains(address + " speaks mainnet, not regtest");
        }
    }

    /**
     * A {@code tributary node} of mainnet, which also speaks the databases' network {@code tribdb}, is named by its
     * chain: to {@code sync} (its one error line) and to a {@code node} that dials it (a warning at the default
     * level).
     */
    @Test
    void aTributaryNodeOfAnotherNetworkIsNamedByItsChain() throws Exception {
        try (ChildCli mainnet = ChildCli.start("node", "--network", "mainnet", "--datadir", dir.resolve("m").toString(),
                "--listen", "127.0.0.1:0", "--max-outbound", "0")) {
            String address = listeningOn(mainnet);
            Cli.Result r = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("a").toString(),
                    "--connect", address);
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertOneErrorLine(r).contains(address + " speaks mainnet, not regtest");
            try (ChildCli regtest = ChildCli.start("node", "--network", "regtest", "--datadir",
                    dir.resolve("r").toString(), "--listen", "127.0.0.1:0", "--connect", address)) {
                assertThat(regtest.awaitErrLine(l -> l.contains(" speaks "), CHILD_PATIENCE))
                        .matches(ChildCli.LINE_TIME + " warning: .*").contains(address + " speaks mainnet, not regtest");
            }
        }
    }

    @Test
    void syncWithBlocksFromAHeadersOnlyNodeFailsAtOnceInsteadOfWaiting() throws Exception {
        try (Node headersOnly = LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve("h"), StoreKind.MEMORY,
                dev.tributary.sync.headers.SyncConfig.defaults().withDownloadBlocks(false), 0,
                n -> new ChainGenerator(ChainService.of(n).chain(), 3).mineBlocks(50, 1000, x -> { }))) {
            String address = "127.0.0.1:" + headersOnly.listeningAddress().getPort();
            long start = System.nanoTime();
            Cli.Result r = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("a").toString(),
                    "--connect", address, "--blocks", "--timeout", "50");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ").contains(address)
                    .contains("not serve blocks");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms, well before the 60 s no-peer timeout")
                    .isLessThan(10_000);

            Cli.Result headers = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("a").toString(),
                    "--connect", address, "--timeout", "50");
            assertThat(headers.exitCode()).as("%s", headers).isZero();
            assertThat(headers.lastOut()).isEqualTo(TipLine.of(ChainService.of(headersOnly).mainTip()));

            Cli.Result fresh = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("c").toString(),
                    "--connect", address, "--timeout", "50");
            assertThat(fresh.out()).as("%s", fresh).first().asString().startsWith("synced in ").contains(" from 1 peer: ");
            Cli.Result again = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("c").toString(),
                    "--connect", address, "--timeout", "50");
            assertThat(again.exitCode()).as("%s", again).isZero();
            assertThat(again.out()).as("a sync that got nothing says so").first().asString()
                    .startsWith("nothing to sync: " + dir.resolve("c") + " already holds the best chain of its 1 peer,"
                            + " height 50");
            assertThat(again.lastOut()).isEqualTo(headers.lastOut());
        }
    }

    /**
     * A peer whose whole chain stays below the minimum chain work: {@code sync} stores none of it and says so, in
     * one error line naming the peer, its chain's work and the minimum, rather than "nothing to sync".
     */
    @Test
    void syncFromAPeerBelowTheMinimumChainWorkSaysWhyNothingWasStored() throws Exception {
        try (Node server = LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve("h"), StoreKind.MEMORY,
                dev.tributary.sync.headers.SyncConfig.defaults().withDownloadBlocks(false), 0,
                n -> new ChainGenerator(ChainService.of(n).chain(), 4).mineHeaders(200, x -> { }))) {
            String address = "127.0.0.1:" + server.listeningAddress().getPort();
            Cli.Result r = Cli.run("sync", "--network", "regtest", "--minimum-chain-work", "100000", "--datadir",
                    dir.resolve("low").toString(), "--connect", address, "--timeout", "50");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertOneErrorLine(r).contains("none of the headers of " + address + " was stored")
                    .contains("height 200 with chain work 0x192, below the minimum 0x100000");

            Cli.Result enough = Cli.run("sync", "--network", "regtest", "--minimum-chain-work", "192", "--datadir",
                    dir.resolve("low").toString(), "--connect", address, "--timeout", "50");
            assertThat(enough.exitCode()).as("%s", enough).isZero();
            assertThat(enough.lastOut()).startsWith("height=200 ");
        }
    }

    /**
     * The hang of issue 13: a headers-only peer and a full peer that lacks the blocks, both holding mainnet's first
     * 10,237 headers. The sync gives up within its stall timeout, naming the first missing block and what each peer
     * offers.
     */
    @Test
    void syncWithBlocksThatNoPeerServesExitsWithinItsStallTimeout() throws Exception {
        Path headers = dir.resolve("headers.bin");
        Files.write(headers, dev.tributary.testing.TestData.resource("headers-0-10236.bin"));
        for (String d : List.of("a", "b")) {
            assertThat(Cli.run("import", "--network", "mainnet", "--datadir", dir.resolve(d).toString(), "--headers",
                    headers.toString()).exitCode()).isZero();
        }
        try (ChildCli headersOnly = ChildCli.start("node", "--network", "mainnet", "--datadir", dir.resolve("a").toString(),
                "--listen", "127.0.0.1:0", "--max-outbound", "0", "--headers-only");
             ChildCli lacking = ChildCli.start("node", "--network", "mainnet", "--datadir", dir.resolve("b").toString(),
                     "--listen", "127.0.0.1:0", "--max-outbound", "0")) {
            String a = listeningOn(headersOnly);
            String b = listeningOn(lacking);
            long start = System.nanoTime();
            Cli.Result r = Cli.run("sync", "--network", "mainnet", "--minimum-chain-work", "0", "--datadir", dir.resolve("s").toString(),
                    "--connect", a, "--connect", b, "--blocks", "--stall-timeout", "5", "--timeout", "120");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ")
                    .contains("block 1 (00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048)");
            assertThat(millis).as("ms to give up, with a 5 s stall timeout").isLessThan(20_000);
        }
    }

    /**
     * A long chain stays behind the clock: 8,000 blocks (twice) are stamped from the past up to the clock, so none
     * is refused as more than two hours ahead of it (each block used to be its parent's time + 1 s, which failed at
     * height 7,204).
     */
    @Test
    void mineOfThousandsOfBlocksStaysWithinTheClock() {
        String d = dir.resolve("m").toString();
        Cli.Result first = Cli.run("mine", "--network", "regtest", "--datadir", d, "--blocks", "8000");
        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(first.lastOut()).startsWith("height=8000 ");
        Cli.Result second = Cli.run("mine", "--network", "regtest", "--datadir", d, "--blocks", "8000");
        assertThat(second.exitCode()).as("%s", second).isZero();
        assertThat(second.lastOut()).startsWith("height=16000 ");
    }

    /** Ctrl-C in the demo leaves no temporary directory behind, and says what it removed, and nothing else. */
    @Test
    void demoInterruptedRemovesItsTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (ChildCli demo = ChildCli.start(List.of("-Xmx512m", "-Djava.io.tmpdir=" + tmp), java.util.Map.of(),
                "demo", "--blocks", "100000")) {
            demo.awaitErrLine(l -> l.startsWith("Mining A"), CHILD_PATIENCE);
            assertThat(tmp).isNotEmptyDirectory();
            signal("INT", demo.pid());
            demo.waitFor(CHILD_PATIENCE);
            assertThat(demo.err()).as(demo.transcript()).anyMatch(l -> l.startsWith("demo interrupted; removed "));
            // the mining that the closed nodes cut short is the interruption, not an error of its own
            assertThat(demo.err()).as(demo.transcript()).noneMatch(l -> l.startsWith("error:"));
        }
        assertThat(tmp).isEmptyDirectory();
    }

    /** A node stopped by a signal says so, and that it stopped. */
    @Test
    void nodeLogsItsShutdown() throws Exception {
        try (ChildCli node = ChildCli.start("node", "--network", "regtest", "--datadir", dir.resolve("n").toString(),
                "--listen", "127.0.0.1:0", "--max-outbound", "0")) {
            listeningOn(node);
            signal("TERM", node.pid());
            node.waitFor(CHILD_PATIENCE);
            assertThat(node.err()).as(node.transcript()).anyMatch(l -> l.contains("Stopping: the node was asked to stop"))
                    .anyMatch(l -> l.contains("Stopped in ") && l.contains("the store is closed"));
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }

    /** The address a child {@code node --listen 127.0.0.1:0} logs that it listens on. */
    private static String listeningOn(ChildCli node) throws InterruptedException {
        String line = node.awaitErrLine(l -> l.contains("Listening on "), CHILD_PATIENCE);
        return line.substring(line.indexOf("Listening on ") + "Listening on ".length()).strip();
    }

    @Test
    void syncFromAServerThatIsNotABitcoinNodeFails() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!http.isClosed()) {
                    try (var socket = http.accept()) {
                        socket.getInputStream().read(new byte[100]);
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "fake-http");
            server.start();
            String address = "127.0.0.1:" + http.getLocalPort();
            long start = System.nanoTime();
            Cli.Result r = Cli.run("sync", "--network", "regtest", "--datadir", dir.resolve("a").toString(),
                    "--connect", address, "--blocks", "--timeout", "30");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ")
                    .contains(address + " is an HTTP server, not a regtest peer");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void statusOfADirectoryWithoutAChainFails() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Cli.Result r = ChildCli.run(CHILD_PATIENCE, "status", "--network", "regtest", "--datadir",
                dir.resolve("empty").toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertOneErrorLine(r).contains("no chain in " + dir.resolve("empty"));
        assertThat(dir.resolve("empty")).as("status creates nothing").isEmptyDirectory();

        Cli.Result missing = Cli.run("status", "--network", "regtest", "--datadir", dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).singleElement().asString().startsWith("error: no chain in");
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }

    @Test
    void statusOfAnotherNetworksDatadirFails() throws Exception {
        Path datadir = dir.resolve("regtest-chain");
        ChainStores.openChain(StoreKind.ROCKSDB, datadir, NetworkParameters.REGTEST, Optional.empty()).persist().close();
        Cli.Result r = ChildCli.run(CHILD_PATIENCE, "status", "--network", "mainnet", "--datadir", datadir.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertOneErrorLine(r).contains("regtest").contains("mainnet");
        Cli.Result sync = Cli.run("sync", "--network", "testnet4", "--datadir", datadir.toString(),
                "--connect", "127.0.0.1:1");
        assertThat(sync.exitCode()).as("%s", sync).isEqualTo(1);
        assertThat(sync.err()).singleElement().asString().startsWith("error: ").contains("regtest")
                .contains("testnet4");
    }

    /**
     * {@code status} reads a store that a running node holds (another process, or a store open in this one), and
     * writes nothing into the data directory, so that a read-only directory can be read too.
     */
    @Test
    @SuppressWarnings("try") // the store is held open, unused, for the length of the block
    void statusReadsTheStoreOfARunningNodeAndWritesNothing() throws Exception {
        Path datadir = dir.resolve("held");
        Cli.Result mined = Cli.run("mine", "--network", "regtest", "--datadir", datadir.toString(), "--blocks", "20");
        assertThat(mined.exitCode()).as("%s", mined).isZero();
        java.util.Map<Path, java.nio.file.attribute.FileTime> before = files(datadir);
        Cli.Result quiet = Cli.run("status", "--network", "regtest", "--datadir", datadir.toString());
        assertThat(quiet.lastOut()).as("%s", quiet).isEqualTo(mined.lastOut());
        assertThat(files(datadir)).as("status wrote nothing").isEqualTo(before);

        try (ChildCli node = ChildCli.start("node", "--network", "regtest", "--datadir", datadir.toString(),
                "--listen", "127.0.0.1:0", "--max-outbound", "0")) {
            listeningOn(node);
            Cli.Result child = ChildCli.run(CHILD_PATIENCE, "status", "--network", "regtest", "--datadir",
                    datadir.toString(), "--check");
            assertThat(child.exitCode()).as("%s", child).isZero();
            assertThat(child.out()).as("%s", child).contains("check: consistent").last().isEqualTo(mined.lastOut());
        }
        try (KeyValueSyncPersist held = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
            Cli.Result same = Cli.run("status", "--network", "regtest", "--datadir", datadir.toString());
            assertThat(same.exitCode()).as("%s", same).isZero();
            assertThat(same.lastOut()).isEqualTo(mined.lastOut());
        }
        Cli.Result other = Cli.run("status", "--network", "mainnet", "--datadir", datadir.toString());
        assertThat(other.exitCode()).as("%s", other).isEqualTo(1);
        assertThat(other.err()).singleElement().asString().contains("holds no mainnet chain (it holds regtest)");
    }

    private static java.util.Map<Path, java.nio.file.attribute.FileTime> files(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            java.util.Map<Path, java.nio.file.attribute.FileTime> m = new java.util.TreeMap<>();
            for (Path p : paths.toList()) {
                m.put(p, Files.getLastModifiedTime(p));
            }
            return m;
        }
    }

    @Test
    void aNodeThatCannotListenFailsNamingTheAddressAndReleasesItsStore() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + busy.getLocalPort();
            Path fresh = dir.resolve("fresh");
            Cli.Result first = Cli.run("node", "--network", "regtest", "--datadir", fresh.toString(), "--listen", address);
            assertThat(first.exitCode()).as("%s", first).isEqualTo(1);
            assertThat(fresh).as("a failed start takes back the data directory it made").doesNotExist();

            // a data directory that holds a store: the store is kept, and released (it opens again)
            Path datadir = dir.resolve("n");
            RocksDbSyncPersist.open(datadir.resolve("store"), "regtest").close();
            Cli.Result r = Cli.run("node", "--network", "regtest", "--datadir", datadir.toString(), "--listen", address);
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: ").contains(address);
            try (KeyValueSyncPersist reopened = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
                assertThat(reopened.loadBlockchain().isEmpty()).isFalse();
            }

            Cli.Result child = ChildCli.run(CHILD_PATIENCE, "node", "--network", "regtest", "--datadir",
                    datadir.toString(), "--listen", address);
            assertThat(child.exitCode()).as("%s", child).isEqualTo(1);
            assertOneErrorLine(child).contains(address);
        }
    }

    @Test
    void demoSyncsFourNodesThatAgree() {
        Cli.Result r = Cli.run("demo", "--blocks", "200", "--dag-blocks", "20");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("All four nodes agree on the tip.");
        assertThat(r.lastOut()).isEqualTo("All three dagtest nodes hold the same DAG.");
        List<String> dagLines = r.out().stream().filter(l -> l.startsWith("dag node ")).map(l -> l.substring("dag node A: ".length())).toList();
        assertThat(dagLines).hasSize(3).allMatch(l -> l.equals(dagLines.get(0))).allMatch(l -> l.endsWith(" blocks=61"));
        String tip = r.out().stream().filter(l -> l.startsWith("node A (miner): ")).findFirst().orElseThrow()
                .substring("node A (miner): ".length());
        assertThat(tip).startsWith("height=200 ");
        for (String name : List.of("B", "C", "D")) {
            assertThat(r.out()).contains("node " + name + ": " + tip);
        }
    }

    /** Exactly one line of standard error starts with "error: ", and none is part of a stack trace. */
    static org.assertj.core.api.AbstractStringAssert<?> assertOneErrorLine(Cli.Result r) {
        assertThat(r.err()).as("%s", r).noneMatch(l -> STACK_FRAME.matcher(l).matches()
                || l.startsWith("Caused by:") || l.startsWith("Exception in thread"));
        List<String> errors = r.err().stream().filter(l -> l.contains("error: ")).toList();
        assertThat(errors).as("%s", r).hasSize(1);
        assertThat(errors.get(0)).as("%s", r).startsWith("error: ");
        return assertThat(errors.get(0));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    @Test
    void statusCheckFindsAStoreConsistentAndNamesABodyMissingBelowTheBlockTip(@TempDir Path data) throws IOException {
        Path blocks = data.resolve("blocks-0-438.dat");
        Files.write(blocks, dev.tributary.testing.TestData.resource("blocks-0-438.dat"));
        Path datadir = data.resolve("chain-owner");
        assertThat(Cli.run("import", "--network", "mainnet", "--datadir", datadir.toString(), "--blocks", blocks.toString())
                .exitCode()).isZero();

        Cli.Result ok = Cli.run("status", "--network", "mainnet", "--datadir", datadir.toString(), "--check");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("check: consistent");

        dev.tributary.bytes.Hash block100 = dev.tributary.testing.TestData.mainnetBlocks().get(100).hash();
        try (var store = dev.tributary.store.RocksDbKeyValueStore.openKeyspace(datadir.resolve("store"),
                dev.tributary.store.RocksDbKeyValueStore.Config.defaults(), "mainnet")) {
            byte[] key = new byte[33];
            key[0] = 'b';
            block100.copyTo(key, 1);
            store.delete(key);
        }
        Cli.Result broken = Cli.run("status", "--network", "mainnet", "--datadir", datadir.toString(), "--check");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", broken.err())).contains(block100.toString());
        assertThat(broken.out().get(broken.out().size() - 1)).startsWith("height=438 ");
    }
}
