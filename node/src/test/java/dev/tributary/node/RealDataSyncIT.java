package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.TipLine;
import dev.tributary.node.demo.LocalNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.Difficulty;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.cli.Cli;
import dev.tributary.chain.store.KeyValueSyncPersist;
import dev.tributary.chain.store.RocksDbSyncPersist;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.testing.TestData;
import dev.tributary.chain.BlockHeader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first acceptance test, through the command line as a person runs it, on real mainnet data
 * (see core's {@code src/test/resources/mainnet/PROVENANCE.md}): import headers and blocks, serve them
 * from a node, sync them into a second data directory over loopback, and read the result with
 * {@code status}.
 */
class RealDataSyncIT {
    private static final String TIP_10236 = "height=10236"
            + " tip=000000004f74d42205b9d7ae1cb5c1591e723894a71358fce73b7e0919628161 chainwork=43968251111421";
    private static final String TIP_438 = "height=438"
            + " tip=0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a chainwork=1885519413687";
    private static final int MAINNET_MAGIC = 0xd9b4bef9;

    @TempDir
    static Path files;

    /** The resources, copied out of core's test jar into files the command line can read. */
    @BeforeAll
    static void copyData() throws IOException {
        for (String name : List.of("headers-0-10236.bin", "blocks-0-438.dat", "headers-80001-100000.bin",
                "headers-822528-830592.bin")) {
            Files.write(files.resolve(name), TestData.resource(name));
        }
    }

    private static String file(String name) {
        return files.resolve(name).toString();
    }

    @Test
    void importedHeadersSyncToASecondNodeOverLoopback(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Cli.Result imported = Cli.run("import", "--network", "mainnet", "--datadir", a.toString(),
                "--headers", file("headers-0-10236.bin"));
        assertThat(imported.exitCode()).as("%s", imported).isZero();
        assertThat(imported.lastOut()).isEqualTo(TIP_10236);

        try (Node server = LocalNetwork.startServer(NetworkParameters.MAINNET, a, StoreKind.ROCKSDB,
                SyncConfig.defaults().withDownloadBlocks(false), 0, n -> { })) {
            assertThat(TipLine.of(ChainService.of(server).mainTip())).isEqualTo(TIP_10236);
            Cli.Result synced = Cli.run("sync", "--network", "mainnet", "--minimum-chain-work", "0", "--datadir", b.toString(),
                    "--connect", hostPort(server), "--timeout", "120");
            assertThat(synced.exitCode()).as("%s", synced).isZero();
            assertThat(synced.lastOut()).isEqualTo(TIP_10236);
        }

        Cli.Result status = Cli.run("status", "--network", "mainnet", "--datadir", b.toString());
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.lastOut()).isEqualTo(TIP_10236);
        assertConsistent(b, "mainnet");
    }

    @Test
    void importedBlocksCheckTheirMerkleRootsAndSyncByteForByte(@TempDir Path dir) throws Exception {
        Path c = dir.resolve("c");
        Path d = dir.resolve("d");
        Cli.Result imported = Cli.run("import", "--network", "mainnet", "--datadir", c.toString(),
                "--blocks", file("blocks-0-438.dat"));
        assertThat(imported.exitCode()).as("%s", imported).isZero();
        assertThat(imported.lastOut()).isEqualTo(TIP_438);

        try (Node server = LocalNetwork.startServer(NetworkParameters.MAINNET, c, StoreKind.ROCKSDB,
                SyncConfig.defaults(), 0, n -> { })) {
            assertThat(ChainService.of(server).blockTip().height()).isEqualTo(438);
            Cli.Result synced = Cli.run("sync", "--network", "mainnet", "--minimum-chain-work", "0", "--datadir", d.toString(),
                    "--connect", hostPort(server), "--blocks", "--timeout", "120");
            assertThat(synced.exitCode()).as("%s", synced).isZero();
            assertThat(synced.lastOut()).isEqualTo(TIP_438);
        }

        Cli.Result status = Cli.run("status", "--network", "mainnet", "--datadir", d.toString());
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.lastOut()).isEqualTo(TIP_438);
        assertThat(status.out()).anyMatch(l -> l.startsWith("blocks: height=438 "));

        List<byte[]> records = blockRecords(TestData.resource("blocks-0-438.dat"));
        assertThat(records).hasSize(439);
        try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(d.resolve("store"), "mainnet")) {
            assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
            for (int h = 0; h < records.size(); h++) {
                byte[] raw = records.get(h);
                Hash hash = BlockHeader.parse(Arrays.copyOf(raw, BlockHeader.SIZE)).hash();
                assertThat(stored.getBlock(hash)).as("stored block %d (%s)", h, hash).isPresent();
                assertThat(stored.getBlock(hash).get()).as("block %d", h).isEqualTo(raw);
            }
        }
    }

    @Test
    void aBlocksFileWithOneFlippedTransactionByteFailsNamingTheBlock(@TempDir Path dir) throws Exception {
        byte[] data = TestData.resource("blocks-0-438.dat");
        List<byte[]> records = blockRecords(data);
        int height = 170; // the first block with a transaction besides its coinbase
        int recordStart = 0;
        for (int h = 0; h < height; h++) {
            recordStart += 8 + records.get(h).length;
        }
        byte[] block = records.get(height);
        // Flip a byte near the end of the block: inside the last transaction's outputs, where it changes
        // a value or a script byte but leaves the block parseable, so only the Merkle root tells.
        int offsetInBlock = block.length - 10;
        byte[] corrupt = data.clone();
        corrupt[recordStart + 8 + offsetInBlock] ^= 0x01;
        Path file = dir.resolve("corrupt.dat");
        Files.write(file, corrupt);
        String hash = BlockHeader.parse(Arrays.copyOf(block, BlockHeader.SIZE)).hash().toString();

        Cli.Result r = Cli.run("import", "--network", "mainnet", "--datadir", dir.resolve("e").toString(),
                "--blocks", file.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).hasSize(1);
        assertThat(r.err().get(0)).startsWith("error: ").contains("block " + height).contains(hash)
                .containsIgnoringCase("merkle");
        // What came before the bad block stays imported.
        assertThat(r.lastOut()).startsWith("height=" + (height - 1) + " ");
        assertConsistent(dir.resolve("e"), "mainnet");
    }

    /** One flipped bit in header 5000's previous hash, time, bits or nonce: the valid prefix stays, with the reason. */
    @ParameterizedTest(name = "bit flipped at byte {0}")
    @ValueSource(ints = {4, 68, 72, 76})
    void aHeadersFileWithOneFlippedBitStopsAtThatHeaderWithTheReason(int byteInHeader, @TempDir Path dir)
            throws Exception {
        byte[] data = TestData.resource("headers-0-10236.bin");
        data[5000 * BlockHeader.SIZE + byteInHeader] ^= 0x01;
        Path file = dir.resolve("flipped.bin");
        Files.write(file, data);
        Cli.Result r = Cli.run("import", "--network", "mainnet", "--datadir", dir.resolve("a").toString(),
                "--headers", file.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).singleElement().asString().startsWith("error: header 5000 of the file ")
                .matches(".*(rejected: |does not connect).+");
        String tip4999 = TestData.headers("headers-0-10236.bin").get(4999).hash().toString();
        assertThat(r.lastOut()).startsWith("height=4999 tip=" + tip4999 + " ");
        assertConsistent(dir.resolve("a"), "mainnet");
    }

    /**
     * Disabled until core's {@code ChainState.initialize} stops calling {@code persist.setBlockTip(start)} for a
     * trusted start: {@code KeyValueSyncPersist.setBlockTip} refuses a block tip whose body is not stored,
     * so every {@code import --start-height} fails at once with "cannot make ... the block tip: its body is
     * not stored". Passes with that call removed (an absent block tip already loads as the start header).
     */
    @Test
    void headersFromATrustedStartAcrossRealRetargets(@TempDir Path dir) {
        Cli.Result r = Cli.run("import", "--network", "mainnet", "--datadir", dir.resolve("f").toString(),
                "--start-height", "80001", "--headers", file("headers-80001-100000.bin"));
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.lastOut()).isEqualTo("height=100000"
                + " tip=000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506 chainwork="
                + workOf("headers-80001-100000.bin"));

        Cli.Result recent = Cli.run("import", "--network", "mainnet", "--datadir", dir.resolve("g").toString(),
                "--start-height", "822528", "--headers", file("headers-822528-830592.bin"));
        assertThat(recent.exitCode()).as("%s", recent).isZero();
        assertThat(recent.lastOut()).isEqualTo("height=830592"
                + " tip=00000000000000000000506183a8b30fa3224b85e82a70416e1d594bdb632fdb chainwork="
                + workOf("headers-822528-830592.bin"));

        Cli.Result status = Cli.run("status", "--network", "mainnet", "--datadir", dir.resolve("g").toString());
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.lastOut()).isEqualTo(recent.lastOut());
    }

    /** The chain work of a file's headers, the first one included: what a chain from a trusted start sums. */
    private static BigInteger workOf(String name) {
        BigInteger sum = BigInteger.ZERO;
        for (BlockHeader h : TestData.headers(name)) {
            sum = sum.add(Difficulty.work(h.bits()));
        }
        return sum;
    }

    static String hostPort(Node node) {
        return "127.0.0.1:" + node.listeningAddress().getPort();
    }

    static void assertConsistent(Path datadir, String network) {
        try (KeyValueSyncPersist stored = RocksDbSyncPersist.open(datadir.resolve("store"), network)) {
            assertThat(StoreConsistencyCheck.check(stored)).isEmpty();
        }
    }

    /** The raw blocks of a [magic][uint32 LE length][block] file, exactly as it holds them. */
    private static List<byte[]> blockRecords(byte[] data) {
        ByteReader in = new ByteReader(data);
        List<byte[]> out = new ArrayList<>();
        while (in.remaining() > 0) {
            assertThat(in.readInt32LE()).isEqualTo(MAINNET_MAGIC);
            out.add(in.readBytes((int) in.readUInt32LE()));
        }
        return out;
    }
}
