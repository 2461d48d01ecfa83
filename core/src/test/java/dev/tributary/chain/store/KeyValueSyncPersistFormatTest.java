package dev.tributary.chain.store;

import dev.tributary.sync.MainnetChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The on-disk layout of {@link KeyValueSyncPersist}, pinned byte for byte, and how it reacts to bad data. */
class KeyValueSyncPersistFormatTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<HeaderSyncData> HEADERS = MainnetChain.headers();
    private static final String GENESIS_HEADER = "01000000" + "00".repeat(32)
            + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a" + "29ab5f49" + "ffff001d" + "1dac2b7c";

    private final InMemoryKeyValueStore raw = new InMemoryKeyValueStore();

    private static byte[] key(char prefix, Hash hash) {
        byte[] k = new byte[33];
        k[0] = (byte) prefix;
        hash.copyTo(k, 1);
        return k;
    }

    /** A format-2 header key: 'h', the height (int32 BE), the hash. */
    private static byte[] headerKey(int height, Hash hash) {
        return heightKey('h', height, hash);
    }

    /** A format-3 segment key: 'g', the start height (int32 BE), the first header's hash, the count (uint16 BE). */
    private static byte[] segmentKey(int height, Hash hash, int count) {
        byte[] k = Arrays.copyOf(heightKey('g', height, hash), 39);
        k[37] = (byte) (count >>> 8);
        k[38] = (byte) count;
        return k;
    }

    private static byte[] heightKey(char prefix, int height, Hash hash) {
        byte[] k = new byte[37];
        k[0] = (byte) prefix;
        k[1] = (byte) (height >>> 24);
        k[2] = (byte) (height >>> 16);
        k[3] = (byte) (height >>> 8);
        k[4] = (byte) height;
        hash.copyTo(k, 5);
        return k;
    }

    private static byte[] meta(String name) {
        return ("m" + name).getBytes(StandardCharsets.US_ASCII);
    }

    private static String get(KeyValueStore s, byte[] key) {
        return s.get(key).map(HEX::formatHex).orElse(null);
    }

    @Test
    void chainWorkIsWrittenAsThirtyTwoBigEndianBytesWhateverItsSize() {
        java.util.Random random = new java.util.Random(5);
        for (int bits = 0; bits <= 256; bits++) {
            java.math.BigInteger work = bits == 0 ? java.math.BigInteger.ZERO : new java.math.BigInteger(bits, random).setBit(bits - 1);
            List<HeaderSyncData> forms = new java.util.ArrayList<>(List.of(new HeaderSyncData(HEADERS.get(0).header(), 0, work)));
            if (bits <= 128) {
                forms.add(HeaderSyncData.ofWork(HEADERS.get(0).header(), 0, work.shiftRight(64).longValue(), work.longValue()));
            }
            for (HeaderSyncData data : forms) {
                byte[] out = new byte[40];
                Arrays.fill(out, (byte) 0x55);
                Arrays.fill(out, 4, 36, (byte) 0xff);
                assertThat(data.writeWork(out, 4)).isTrue();
                assertThat(new java.math.BigInteger(1, Arrays.copyOfRange(out, 4, 36))).as("%d bits", bits).isEqualTo(work);
                assertThat(data.chainWork()).isEqualTo(work);
                assertThat(Arrays.copyOfRange(out, 0, 4)).containsOnly(0x55);
                assertThat(Arrays.copyOfRange(out, 36, 40)).containsOnly(0x55);
            }
            assertThat(forms).as("equal whatever the form").allMatch(f -> f.equals(forms.get(0)) && f.hashCode() == forms.get(0).hashCode());
        }
    }

    @Test
    void theLayoutIsAsDocumented() {
        Hash genesis = HEADERS.get(0).hash();
        try (KeyValueSyncPersist p = KeyValueSyncPersist.open(raw, "mainnet")) {
            assertThat(get(raw, meta("version"))).isEqualTo("00000003");
            assertThat(get(raw, meta("network"))).isEqualTo(HEX.formatHex("mainnet".getBytes(StandardCharsets.UTF_8)));

            p.saveBlockchain(HEADERS.subList(0, 2));
            p.setMainTip(HEADERS.get(1));
            p.saveBlockAndSetBlockTip(genesis, MainnetChain.blocks().get(0), HEADERS.get(0));

            // 'g', start height 0 (int32 BE), the first header's hash, 2 headers (uint16 BE)
            assertThat(HEX.formatHex(segmentKey(0, genesis, 2)))
                    .isEqualTo("6700000000" + "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000" + "0002");
            // record 0: header, chain work 4295032833 = 0x100010001 (uint256 BE); record 1: height 1, work
            // 2 x 4295032833 = 0x200020002
            String segment = get(raw, segmentKey(0, genesis, 2));
            assertThat(segment).hasSize(2 * 2 * 112).startsWith(GENESIS_HEADER + "00".repeat(27) + "0100010001")
                    .endsWith("00".repeat(27) + "0200020002");
            assertThat(segment.substring(2 * 112, 2 * 112 + 2 * 80)).isEqualTo(HEX.formatHex(HEADERS.get(1).header().serialize()));
            assertThat(get(raw, meta("mainTip"))).isEqualTo(HEADERS.get(1).hash().toInternalHex());
            assertThat(get(raw, meta("blockTip"))).isEqualTo(genesis.toInternalHex());
            assertThat(get(raw, key('b', genesis))).isEqualTo(HEX.formatHex(MainnetChain.blocks().get(0)));
            assertThat(MainnetChain.blocks().get(0)).hasSize(285);
            assertThat(get(raw, key('p', genesis))).isEqualTo("0000011d");
            int[] entries = {0};
            raw.scanPrefix(new byte[0], (k, v) -> ++entries[0] > 0);
            assertThat(entries[0]).as("version, network, 1 segment of 2 headers, 1 block and its 'p', 2 tips").isEqualTo(7);
        }
    }

    @Test
    void anExistingStoreOfTheSameNetworkOpens() {
        KeyValueSyncPersist.open(raw, "regtest").saveBlockchain(HEADERS.subList(0, 3));
        KeyValueSyncPersist again = KeyValueSyncPersist.open(raw, "regtest");
        assertThat(again.loadBlockchain().headers()).hasSize(3);
        assertThat(again.network()).isEqualTo("regtest");
    }

    @Test
    void anotherNetworkIsRefused() {
        KeyValueSyncPersist.open(raw, "regtest");
        assertThatThrownBy(() -> KeyValueSyncPersist.open(raw, "mainnet"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("in-memory store holds a regtest chain, not mainnet");
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        raw.put(meta("version"), new byte[] {0, 0, 0, 4});
        raw.put(meta("network"), "mainnet".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KeyValueSyncPersist.open(raw, "mainnet"))
                .isInstanceOf(StoreException.class)
                .hasMessage("in-memory store holds a chain store of format version 4; this version of Tributary "
                        + "reads format 3 only");
    }

    /** A store of the hash-keyed format 1 is refused, saying what to do, and never read as format 2. */
    @Test
    void aFormatOneStoreIsRefusedWithWhatToDo() {
        raw.put(meta("version"), new byte[] {0, 0, 0, 1});
        raw.put(meta("network"), "mainnet".getBytes(StandardCharsets.UTF_8));
        raw.put(key('h', HEADERS.get(0).hash()), new byte[116]);
        assertThatThrownBy(() -> KeyValueSyncPersist.open(raw, "mainnet"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("in-memory store holds a chain store of format 1, written by an earlier "
                        + "version of Tributary")
                .hasMessageContaining("Sync again into a new data directory")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void aStoreWithOtherDataIsNotTakenForAChainStore() {
        raw.put(new byte[] {1, 2, 3}, new byte[] {4});
        assertThatThrownBy(() -> KeyValueSyncPersist.open(raw, "mainnet"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not a Tributary chain store");
    }

    @Test
    void aFailedOpenClosesTheStore() {
        raw.put(meta("version"), new byte[] {0, 0, 0, 9});
        assertThatThrownBy(() -> KeyValueSyncPersist.open(raw, "mainnet")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> raw.get(meta("version"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }

    /** Headers 0-4 and 5-9 saved apart: two segments, the second starting at height 5. */
    private KeyValueSyncPersist twoSegments() {
        KeyValueSyncPersist p = KeyValueSyncPersist.open(raw, "mainnet");
        p.saveBlockchain(HEADERS.subList(0, 5));
        p.saveBlockchain(HEADERS.subList(5, 10));
        return p;
    }

    @Test
    void savesOfConsecutiveHeadersAreSegmentsFromWhereTheStoreEnds() {
        KeyValueSyncPersist p = twoSegments();
        p.saveBlockchain(HEADERS.subList(3, 12)); // 3-9 are stored: only 10 and 11 are written
        List<String> segments = new java.util.ArrayList<>();
        raw.scanPrefix(new byte[] {'g'}, (k, v) -> segments.add(ChainStoreLayout.describe(k) + " x" + v.length / 112));
        assertThat(segments).containsExactly("g:0:" + HEADERS.get(0).hash() + ":5 x5", "g:5:" + HEADERS.get(5).hash()
                + ":5 x5", "g:10:" + HEADERS.get(10).hash() + ":2 x2");
        assertThat(p.loadBlockchain().headers()).hasSize(12);
    }

    @Test
    void aTruncatedSegmentIsReportedByKey() {
        KeyValueSyncPersist p = twoSegments();
        Hash h5 = HEADERS.get(5).hash();
        byte[] value = raw.get(segmentKey(5, h5, 5)).orElseThrow();
        raw.put(segmentKey(5, h5, 5), Arrays.copyOf(value, 100));
        String expected = "corrupt chain store (in-memory store): the entry g:5:" + h5
                + ":5 has a value of 100 bytes, not 5 records of 112";
        assertThatThrownBy(p::loadBlockchain).isInstanceOf(StoreException.class).hasMessage(expected);
        assertThatThrownBy(() -> p.getHeaderSync(h5)).isInstanceOf(StoreException.class).hasMessage(expected);
        assertThat(p.getHeaderSync(HEADERS.get(4).hash())).contains(HEADERS.get(4));
    }

    @Test
    void aSegmentThatIsNotWhatItsKeySaysIsReportedByKey() {
        KeyValueSyncPersist p = twoSegments();
        Hash h5 = HEADERS.get(5).hash();
        byte[] value = raw.get(segmentKey(5, h5, 5)).orElseThrow();
        value[10] ^= 1; // a flipped bit in the first header's previous-block field
        raw.put(segmentKey(5, h5, 5), value);
        assertThatThrownBy(p::loadBlockchain)
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("corrupt chain store (in-memory store): the entry g:5:" + h5 + ":5 holds header ")
                .hasMessageEndingWith(" first instead");
    }

    @Test
    void aSegmentWhoseHeadersDoNotFollowEachOtherIsReportedByKey() {
        KeyValueSyncPersist p = twoSegments();
        Hash h5 = HEADERS.get(5).hash();
        byte[] value = raw.get(segmentKey(5, h5, 5)).orElseThrow();
        value[2 * 112 + 10] ^= 1; // record 2's previous-block field
        raw.put(segmentKey(5, h5, 5), value);
        assertThatThrownBy(p::loadBlockchain)
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("corrupt chain store (in-memory store): the entry g:5:" + h5 + ":5 holds header ")
                .hasMessageEndingWith(" at height 7, not a child of the header before it");
    }

    @Test
    void aNegativeHeightIsReportedByKey() {
        KeyValueSyncPersist p = KeyValueSyncPersist.open(raw, "mainnet");
        p.saveBlockchain(HEADERS.subList(0, 1));
        Hash g = HEADERS.get(0).hash();
        byte[] value = raw.get(segmentKey(0, g, 1)).orElseThrow();
        raw.put(segmentKey(-1, g, 1), value);
        assertThatThrownBy(p::loadBlockchain).isInstanceOf(StoreException.class)
                .hasMessageContaining("the entry g:-1:" + g + ":1 has a negative height");
    }

    /** A format-2 store: version 2, one 'h' entry per header (header, chain work), and the rest as in format 3. */
    private void writeFormatTwo(List<HeaderSyncData> headers) {
        raw.put(meta("version"), new byte[] {0, 0, 0, 2});
        raw.put(meta("network"), "mainnet".getBytes(StandardCharsets.UTF_8));
        for (HeaderSyncData h : headers) {
            raw.put(headerKey(h.height(), h.hash()), ChainStoreLayout.encodeHeader(h));
        }
        raw.put(meta("mainTip"), headers.get(headers.size() - 1).hash().toBytes());
        raw.put(key('b', HEADERS.get(0).hash()), MainnetChain.blocks().get(0));
        raw.put(key('p', HEADERS.get(0).hash()), new byte[] {0, 0, 1, 0x1d});
        raw.put(meta("blockTip"), HEADERS.get(0).hash().toBytes());
    }

    /**
     * A format-2 store is rewritten as format 3 when opened, nothing lost: 3,000 headers and a fork of two at height
     * 1,500 (a header of another parent's child) become segments of at most 32, bodies and tips stay.
     */
    @Test
    void aFormatTwoStoreIsUpgradedInPlace() {
        List<HeaderSyncData> headers = new java.util.ArrayList<>(HEADERS.subList(0, 3000));
        HeaderSyncData parent = HEADERS.get(1499);
        dev.tributary.chain.BlockHeader forkHeader = new dev.tributary.chain.BlockHeader(1, parent.hash(),
                HEADERS.get(7).header().merkleRoot(), parent.header().time() + 1, parent.header().bits(), 42);
        HeaderSyncData fork = new HeaderSyncData(forkHeader, 1500, parent.chainWork().add(java.math.BigInteger.ONE));
        HeaderSyncData forkChild = new HeaderSyncData(new dev.tributary.chain.BlockHeader(1, fork.hash(),
                HEADERS.get(8).header().merkleRoot(), forkHeader.time() + 1, forkHeader.bits(), 43), 1501,
                fork.chainWork().add(java.math.BigInteger.ONE));
        headers.add(fork);
        headers.add(forkChild);
        writeFormatTwo(headers);
        raw.put(segmentKey(7, HEADERS.get(7).hash(), 1), new byte[3]); // left by an interrupted upgrade: removed

        try (KeyValueSyncPersist p = KeyValueSyncPersist.open(raw, "mainnet")) {
            assertThat(get(raw, meta("version"))).isEqualTo("00000003");
            SyncPersist.StoredChain chain = p.loadBlockchain();
            assertThat(chain.headers()).containsExactlyInAnyOrderElementsOf(headers);
            assertThat(chain.mainTip()).contains(forkChild.hash());
            assertThat(chain.blockTip()).contains(HEADERS.get(0).hash());
            assertThat(p.getBlock(HEADERS.get(0).hash())).isPresent();
            assertThat(StoreConsistencyCheck.check(p)).isEmpty();
            List<Integer> segments = new java.util.ArrayList<>();
            raw.scanPrefix(new byte[] {'g'}, (k, v) -> segments.add(v.length / 112));
            assertThat(segments).hasSizeBetween(3002 / 32, 3002 / 32 + 4).allMatch(n -> n <= 32);
            assertThat(segments.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3002);
            boolean[] formatTwoLeft = {false};
            raw.scanPrefix(new byte[] {'h'}, (k, v) -> formatTwoLeft[0] = true);
            assertThat(formatTwoLeft[0]).isFalse();
        }
    }

    /** A format-3 store that still holds format-2 entries (an upgrade stopped before their removal) loses them at open. */
    @Test
    void formatTwoEntriesLeftInAFormatThreeStoreAreRemovedAtOpen() {
        KeyValueSyncPersist.open(raw, "mainnet").saveBlockchain(HEADERS.subList(0, 3));
        raw.put(headerKey(1, HEADERS.get(1).hash()), ChainStoreLayout.encodeHeader(HEADERS.get(1)));
        try (KeyValueSyncPersist p = KeyValueSyncPersist.open(raw, "mainnet")) {
            assertThat(raw.get(headerKey(1, HEADERS.get(1).hash()))).isEmpty();
            assertThat(p.loadBlockchain().headers()).containsExactlyElementsOf(HEADERS.subList(0, 3));
        }
    }

    @Test
    void aCorruptTipIsReportedByKey() {
        KeyValueSyncPersist p = KeyValueSyncPersist.open(raw, "mainnet");
        p.saveBlockchain(HEADERS.subList(0, 1));
        raw.put(meta("blockTip"), new byte[31]);
        assertThatThrownBy(p::loadBlockchain).isInstanceOf(StoreException.class)
                .hasMessage("corrupt chain store (in-memory store): the entry m:blockTip has a value of 31 bytes, "
                        + "not a 32-byte hash");
    }
}
