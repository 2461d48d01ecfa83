package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.TipLine;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.cli.ChildCli;
import dev.tributary.chain.store.KeyValueSyncPersist;
import dev.tributary.chain.store.RocksDbSyncPersist;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.chain.store.SyncPersist;
import dev.tributary.chain.Block;
import dev.tributary.net.NetConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary sync --blocks} in a child JVM is killed with SIGKILL mid-download, twice at different
 * points, and restarted: the store is consistent after every kill, the restarted sync resumes without
 * fetching again what was stored, and ends on the serving chain's tip.
 */
class CrashRecoveryIT {
    private static final int BLOCKS = 300;
    private static final int BLOCK_SIZE = 50_000;
    /** 15 MB at 2 MB/s: a full download takes about 7 s, so there is time to kill it twice. */
    private static final long UPLOAD_RATE = 2_000_000;
    private static final Pattern NEW_TIP = Pattern.compile("New tip = \\S+, height = (\\d+),");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aKilledSyncResumesWhereItStoppedAndEndsOnTheServersTip() throws Exception {
        List<Block> chain = new ArrayList<>();
        try (Node server = LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve("server"), StoreKind.MEMORY,
                SyncConfig.defaults(), UPLOAD_RATE,
                n -> chain.addAll(new ChainGenerator(ChainService.of(n).chain(), 5).mineBlocks(BLOCKS, BLOCK_SIZE, x -> { })))) {
            BlockRequests requests = BlockRequests.install(server);
            String expectedLine = TipLine.of(ChainService.of(server).mainTip());
            Path datadir = dir.resolve("d");
            String[] command = {"sync", "--network", "regtest", "--datadir", datadir.toString(),
                "--connect", "127.0.0.1:" + server.listeningAddress().getPort(), "--blocks"};

            Set<Hash> storedAtFirstKill = syncAndKillAt(command, 60, datadir, chain);
            Set<Long> firstRun = requests.peers();
            Set<Hash> storedAtSecondKill = syncAndKillAt(command, 170, datadir, chain);
            assertThat(storedAtSecondKill).containsAll(storedAtFirstKill);
            assertThat(requests.countsExcluding(firstRun)).as("blocks the second run asked for")
                    .doesNotContainKeys(storedAtFirstKill.toArray(Hash[]::new));
            Set<Long> firstTwoRuns = requests.peers();

            try (ChildCli last = ChildCli.start(command)) {
                int code = last.waitFor(PATIENCE);
                assertThat(code).as(last.transcript()).isZero();
                assertThat(last.out()).as(last.transcript()).last().isEqualTo(expectedLine);
            }
            Map<Hash, Integer> lastRun = requests.countsExcluding(firstTwoRuns);
            assertThat(lastRun).as("blocks the last run asked for").doesNotContainKeys(storedAtSecondKill.toArray(Hash[]::new));
            assertThat(lastRun.values()).as("no block asked for twice in the last run").allMatch(n -> n == 1);
            Set<Hash> missing = new HashSet<>();
            chain.forEach(b -> missing.add(b.hash()));
            missing.removeAll(storedAtSecondKill);
            assertThat(lastRun.keySet()).isEqualTo(missing);

            try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
                assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
                SyncPersist.StoredChain c = stored.loadBlockchain();
                Hash tip = chain.get(BLOCKS - 1).hash();
                assertThat(c.mainTip()).hasValue(tip);
                assertThat(c.blockTip()).hasValue(tip);
                for (Block b : chain) {
                    assertThat(stored.getBlock(b.hash())).as("block %s", b.hash()).isPresent();
                    assertThat(stored.getBlock(b.hash()).get()).isEqualTo(b.serialize());
                }
            }
        }
    }

    @Test
    void aSyncWhoseServerGoesAwayFailsNamingItAndResumesWhenRunAgain() throws Exception {
        Path serverDir = dir.resolve("server");
        List<Block> chain = new ArrayList<>();
        Node server = LocalNetwork.startServer(NetworkParameters.REGTEST, serverDir, StoreKind.ROCKSDB,
                SyncConfig.defaults(), UPLOAD_RATE,
                n -> chain.addAll(new ChainGenerator(ChainService.of(n).chain(), 6).mineBlocks(150, BLOCK_SIZE, x -> { })));
        int port = server.listeningAddress().getPort();
        String expectedLine = TipLine.of(ChainService.of(server).mainTip());
        String address = "127.0.0.1:" + port;
        Path datadir = dir.resolve("d");
        String[] command = {"sync", "--network", "regtest", "--datadir", datadir.toString(), "--connect", address,
            "--blocks", "--timeout", "60"};
        try (ChildCli child = ChildCli.start(command)) {
            child.awaitErrLine(line -> {
                Matcher m = NEW_TIP.matcher(line);
                return m.find() && Integer.parseInt(m.group(1)) >= 40;
            }, PATIENCE);
            long stopped = System.nanoTime();
            server.close();
            assertThat(child.waitFor(PATIENCE)).as(child.transcript()).isEqualTo(1);
            assertThat((System.nanoTime() - stopped) / 1_000_000).as("ms until the sync gave up").isLessThan(15_000);
            List<String> errors = child.err().stream().filter(l -> l.startsWith("error: ")).toList();
            assertThat(errors).as(child.transcript()).singleElement().asString().contains(address);
        }
        assertConsistentWithSomeBlocks(datadir);

        NetConfig samePort = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .withSeeds(List.of(), false).withMaxOutbound(0);
        try (Node restarted = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, serverDir).withNet(samePort), List.of())) {
            restarted.start();
            try (ChildCli again = ChildCli.start(command)) {
                assertThat(again.waitFor(PATIENCE)).as(again.transcript()).isZero();
                assertThat(again.out()).last().isEqualTo(expectedLine);
            }
        }
        try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
            assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
            assertThat(stored.loadBlockchain().blockTip()).hasValue(chain.get(chain.size() - 1).hash());
        }
    }

    private static void assertConsistentWithSomeBlocks(Path datadir) {
        try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
            assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
            int blockTip = stored.loadBlockchain().blockTip().flatMap(stored::getHeaderSync).orElseThrow().height();
            assertThat(blockTip).isBetween(40, 149);
        }
    }

    /**
     * Runs the sync until it logs a block tip at or above {@code height}, kills it, checks the store and
     * returns the blocks of {@code chain} stored in it.
     */
    private Set<Hash> syncAndKillAt(String[] command, int height, Path datadir, List<Block> chain) throws Exception {
        try (ChildCli child = ChildCli.start(command)) {
            child.awaitErrLine(line -> {
                Matcher m = NEW_TIP.matcher(line);
                return m.find() && Integer.parseInt(m.group(1)) >= height;
            }, PATIENCE);
            child.kill();
        }
        try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
            assertThat(StoreConsistencyCheck.check(stored)).as("the store after a SIGKILL").isEmpty();
            Set<Hash> have = new HashSet<>();
            for (Block b : chain) {
                if (stored.hasBlock(b.hash())) {
                    have.add(b.hash());
                }
            }
            int blockTip = stored.loadBlockchain().blockTip().flatMap(stored::getHeaderSync).orElseThrow().height();
            assertThat(blockTip).as("block tip at the kill").isBetween(height, BLOCKS - 1);
            assertThat(have.size()).as("blocks stored at the kill").isBetween(height, BLOCKS - 1);
            return have;
        }
    }
}
