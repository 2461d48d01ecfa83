package dev.tributary.node;

import dev.tributary.node.chain.ChainImport;
import dev.tributary.node.chain.TipLine;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.BlockSources;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncCompletion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.cli.Cli;
import dev.tributary.chain.store.KeyValueSyncPersist;
import dev.tributary.chain.store.RocksDbSyncPersist;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.chain.Block;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reorganisations over loopback between real nodes. Four regtest chains share a 100-block prefix: X adds
 * 20 blocks, Y 30 (more work), Z another 30 (the same work as Y) and W 10 (less). A syncing node that has
 * X's chain moves to Y's when it meets Y, downloading Y's branch; it then stays on Y when it meets Z or W.
 */
class ReorgIT {
    private static final int PREFIX = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ChainBuilder builder;
    private List<Block> prefix;
    private List<Block> x;
    private List<Block> y;
    private List<Block> z;
    private List<Block> w;

    @BeforeEach
    void buildForks() {
        long now = System.currentTimeMillis() / 1000;
        builder = ChainBuilder.regtest(7, now - 200 * 600L);
        prefix = builder.extend(builder.genesis(), PREFIX, 3, 250);
        HeaderSyncData fork = builder.entry(prefix.get(PREFIX - 1).hash());
        x = builder.extend(fork, 20, 3, 250);
        y = builder.extend(fork, 30, 3, 250);
        z = builder.extend(fork, 30, 3, 250);
        w = builder.extend(fork, 10, 3, 250);
    }

    @Test
    void syncRunsReorgToAForkWithMoreWorkAndNotToOneWithEqualOrLess() throws Exception {
        Path datadir = dir.resolve("s");
        try (Node nx = server("x", x); Node ny = server("y", y); Node nz = server("z", z); Node nw = server("w", w)) {
            Cli.Result first = sync(datadir, nx);
            assertThat(first.lastOut()).isEqualTo(tipLine(nx));
            assertStored(datadir, x);

            Cli.Result second = sync(datadir, ny);
            assertThat(second.lastOut()).isEqualTo(tipLine(ny));
            Cli.Result status = Cli.run("status", "--network", "regtest", "--datadir", datadir.toString());
            assertThat(status.lastOut()).isEqualTo(tipLine(ny));
            assertThat(status.out()).contains("blocks: height=" + (PREFIX + 30) + " tip=" + last(y));
            assertStored(datadir, y);

            Cli.Result equal = sync(datadir, nz);
            assertThat(equal.lastOut()).as("an equal-work fork does not replace the tip").isEqualTo(tipLine(ny));
            Cli.Result less = sync(datadir, nw);
            assertThat(less.lastOut()).as("a fork with less work does not replace the tip").isEqualTo(tipLine(ny));
            try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
                assertThat(stored.getHeaderSync(last(z))).as("Z's headers were received and kept").isPresent();
                assertThat(stored.hasBlock(last(z))).as("Z's blocks are not downloaded").isFalse();
                assertThat(stored.loadBlockchain().blockTip()).hasValue(last(y));
            }
        }
    }

    @Test
    @SuppressWarnings("try") // each peer node only has to run for the length of its block
    void aRunningNodeReorgsWhenAPeerWithMoreWorkConnectsLater() throws Exception {
        try (Node nx = server("x", x)) {
            BlockSources received = new BlockSources();
            NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .withConnect(List.of(nx.listeningAddress())).withSeeds(List.of(), false);
            Node node = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, dir.resolve("s")).withNet(net),
                    List.of(received));
            try (node) {
                var synced = SyncCompletion.watch(node, List.of(nx.listeningAddress()));
                node.start();
                assertThat(synced.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).hash()).isEqualTo(last(x));
                assertThat(ChainService.of(node).blockTip().hash()).isEqualTo(last(x));
                long fromX = received.blocks();
                assertThat(fromX).isEqualTo(PREFIX + 20);

                // Y, Z and W each dial the running node: it meets each fork on an inbound connection.
                InetSocketAddress target = node.listeningAddress();
                try (Node ny = peerDialing("y", y, target)) {
                    await(() -> ChainService.of(node).mainTip().hash().equals(last(y)) && ChainService.of(node).blockTip().hash().equals(last(y)), node);
                    assertThat(received.blocks() - fromX).as("blocks of Y's branch downloaded").isEqualTo(30);
                    assertThat(node.call(() -> ChainService.of(node).chain().index().mainChainAt(PREFIX).orElseThrow().hash()))
                            .isEqualTo(last(prefix));
                }
                for (String name : List.of("z", "w")) {
                    List<Block> branch = name.equals("z") ? z : w;
                    try (Node other = peerDialing(name, branch, target)) {
                        await(() -> node.call(() -> ChainService.of(node).chain().index().contains(last(branch))), node);
                        assertThat(ChainService.of(node).mainTip().hash()).as("tip after meeting %s", name).isEqualTo(last(y));
                        assertThat(ChainService.of(node).blockTip().hash()).isEqualTo(last(y));
                    }
                }
                assertThat(received.blocks() - fromX).as("nothing of Z's or W's branch downloaded").isEqualTo(30);
            }
            try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(dir.resolve("s").resolve("store"), "regtest")) {
                assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
                assertThat(stored.loadBlockchain().mainTip()).hasValue(last(y));
                assertThat(stored.loadBlockchain().blockTip()).hasValue(last(y));
            }
        }
    }

    @Test
    void aRunningNodeFollowsWhatItsPeerAnnouncesIncludingAReorg() throws Exception {
        try (Node nx = server("x", x)) {
            BlockSources received = new BlockSources();
            LocalNetwork.SyncRun run = LocalNetwork.syncFrom(NetworkParameters.REGTEST, dir.resolve("s"),
                    StoreKind.ROCKSDB, SyncConfig.defaults(), List.of(nx.listeningAddress()), List.of(received), 60);
            try (Node node = run.node()) {
                assertThat(run.tip().hash()).isEqualTo(last(x));

                // The peer learns Y's branch, which has more work: it announces its new tip, and the node
                // follows it there, reorganising, without a new connection.
                importInto(nx, y);
                assertThat(ChainService.of(nx).mainTip().hash()).isEqualTo(last(y));
                await(() -> ChainService.of(node).blockTip().hash().equals(last(y)), node);
                assertThat(ChainService.of(node).mainTip().hash()).isEqualTo(last(y));

                // Z's branch has the same work: the peer keeps its tip and has nothing to announce.
                importInto(nx, z);
                assertThat(ChainService.of(nx).mainTip().hash()).isEqualTo(last(y));

                // Five blocks on Y: announced and followed.
                List<Block> more = builder.extend(builder.entry(last(y)), 5, 3, 250);
                importInto(nx, more);
                await(() -> ChainService.of(node).blockTip().hash().equals(last(more)), node);
                assertThat(ChainService.of(node).mainTip().hash()).isEqualTo(last(more));
                assertThat(received.blocks()).as("blocks downloaded: X's chain, then Y's branch and five more")
                        .isEqualTo(PREFIX + 20 + 30 + 5);
                assertThat(node.call(() -> ChainService.of(node).chain().hasBody(last(z)))).isFalse();
            }
            try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(dir.resolve("s").resolve("store"), "regtest")) {
                assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
            }
        }
    }

    /** Validates and stores {@code blocks} in a running node, as if it had mined or received them. */
    private static void importInto(Node node, List<Block> blocks) {
        node.call(() -> {
            ChainImport importer = new ChainImport(ChainService.of(node).chain(), System.currentTimeMillis() / 1000);
            blocks.forEach(importer::importBlock);
            return null;
        });
    }

    private Cli.Result sync(Path datadir, Node server) {
        Cli.Result r = Cli.run("sync", "--network", "regtest", "--datadir", datadir.toString(), "--connect",
                "127.0.0.1:" + server.listeningAddress().getPort(), "--blocks", "--timeout", "60");
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    private void assertStored(Path datadir, List<Block> branch) {
        try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(datadir.resolve("store"), "regtest")) {
            assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
            assertThat(stored.loadBlockchain().blockTip()).hasValue(last(branch));
            for (Block b : concat(prefix, branch)) {
                assertThat(stored.getBlock(b.hash())).as("block %s", b.hash()).isPresent();
                assertThat(stored.getBlock(b.hash()).get()).isEqualTo(b.serialize());
            }
        }
    }

    /** A serving node on loopback holding the prefix and {@code branch}. */
    private Node server(String name, List<Block> branch) throws Exception {
        return LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve(name), StoreKind.MEMORY,
                SyncConfig.defaults(), 0, n -> populate(n, branch));
    }

    /** A node holding the prefix and {@code branch} that dials {@code target} (and keeps redialling it). */
    private Node peerDialing(String name, List<Block> branch, InetSocketAddress target) throws Exception {
        NetConfig net = NetConfig.defaults().withConnect(List.of(target)).withSeeds(List.of(), false);
        Node n = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, dir.resolve(name)).withStore(StoreKind.MEMORY)
                .withNet(net), List.of());
        n.call(() -> {
            populate(n, branch);
            return null;
        });
        n.start();
        return n;
    }

    private void populate(Node n, List<Block> branch) {
        ChainImport importer = new ChainImport(ChainService.of(n).chain(), System.currentTimeMillis() / 1000);
        concat(prefix, branch).forEach(importer::importBlock);
    }

    private static List<Block> concat(List<Block> a, List<Block> b) {
        List<Block> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Hash last(List<Block> blocks) {
        return blocks.get(blocks.size() - 1).hash();
    }

    private static String tipLine(Node n) {
        return TipLine.of(ChainService.of(n).mainTip());
    }

    private static void await(BooleanSupplier condition, Node node) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + PATIENCE + ": main tip " + TipLine.of(ChainService.of(node).mainTip())
                        + ", block tip " + TipLine.of(ChainService.of(node).blockTip()));
            }
            Thread.sleep(20);
        }
    }
}
