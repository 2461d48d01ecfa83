package dev.tributary.chain.store;

import dev.tributary.sync.MainnetChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.TempDirs;
import dev.tributary.chain.BlockHeader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Save and load rates of a million headers in RocksDB, and the cost of {@code hasBlock} against
 * {@code getBlock} on 1 MiB bodies. A measurement, not a test: it asserts only that the data comes back,
 * and runs only when asked:
 *
 * <pre>
 * mvn -q -B -pl core test -Dtest=KeyValueSyncPersistBenchmark -Dtributary.benchmark=true
 * cat core/target/surefire-reports/dev.tributary.chain.store.KeyValueSyncPersistBenchmark-output.txt
 * </pre>
 */
@EnabledIfSystemProperty(named = "tributary.benchmark", matches = "true")
class KeyValueSyncPersistBenchmark {
    private static final int HEADERS = 1_000_000;
    private static final int BATCH = 2000;

    @Test
    void millionHeaders() {
        long t0 = System.nanoTime();
        List<HeaderSyncData> chain = syntheticChain(HEADERS);
        report("build " + HEADERS + " headers in memory", t0, HEADERS);

        Path dir = TempDirs.create("bench-headers");
        try {
            try (KeyValueSyncPersist p = RocksDbSyncPersist.open(dir, "regtest")) {
                long t = System.nanoTime();
                for (int from = 0; from < HEADERS; from += BATCH) {
                    p.saveBlockchain(chain.subList(from, Math.min(HEADERS, from + BATCH)));
                }
                report("save in batches of " + BATCH, t, HEADERS);
                p.setMainTip(chain.get(HEADERS - 1));
                t = System.nanoTime();
                assertThat(p.loadBlockchain().headers()).hasSize(HEADERS);
                report("load, same process, memtables and cache warm", t, HEADERS);
            }
            for (int round = 1; round <= 3; round++) {
                long t = System.nanoTime();
                try (KeyValueSyncPersist p = RocksDbSyncPersist.open(dir, "regtest")) {
                    report("reopen", t, 1);
                    t = System.nanoTime();
                    SyncPersist.StoredChain loaded = p.loadBlockchain();
                    report("load after reopen, round " + round, t, HEADERS);
                    assertThat(loaded.headers()).hasSize(HEADERS);
                    assertThat(loaded.mainTip()).contains(chain.get(HEADERS - 1).hash());
                }
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }

        try (KeyValueSyncPersist p = InMemorySyncPersist.create("regtest")) {
            long t = System.nanoTime();
            for (int from = 0; from < HEADERS; from += BATCH) {
                p.saveBlockchain(chain.subList(from, Math.min(HEADERS, from + BATCH)));
            }
            report("in memory: save", t, HEADERS);
            t = System.nanoTime();
            assertThat(p.loadBlockchain().headers()).hasSize(HEADERS);
            report("in memory: load", t, HEADERS);
        }
    }

    @Test
    void hasBlockAgainstGetBlock() {
        int blocks = 200;
        int lookups = 20_000;
        List<HeaderSyncData> chain = syntheticChain(blocks);
        Random random = new Random(1);
        Path dir = TempDirs.create("bench-blocks");
        try {
            try (KeyValueSyncPersist p = RocksDbSyncPersist.open(dir, "regtest")) {
                p.saveBlockchain(chain);
                for (HeaderSyncData h : chain) {
                    byte[] body = new byte[1 << 20];
                    random.nextBytes(body);
                    System.arraycopy(h.header().serialize(), 0, body, 0, BlockHeader.SIZE);
                    p.saveBlock(h.hash(), body);
                }
            }
            try (KeyValueSyncPersist p = RocksDbSyncPersist.open(dir, "regtest")) {
                List<Hash> absent = syntheticChain(blocks + 1).subList(1, blocks + 1).stream()
                        .map(HeaderSyncData::hash).map(h -> Hash.wrap(flip(h.toBytes()))).toList();
                for (int warm = 0; warm < 2; warm++) {
                    long t = System.nanoTime();
                    int found = 0;
                    for (int i = 0; i < lookups; i++) {
                        found += p.hasBlock(chain.get(i % blocks).hash()) ? 1 : 0;
                    }
                    report("hasBlock, 1 MiB body present", t, lookups);
                    t = System.nanoTime();
                    for (int i = 0; i < lookups / 20; i++) {
                        found += p.getBlock(chain.get(i % blocks).hash()).isPresent() ? 20 : 0;
                    }
                    report("getBlock().isPresent(), 1 MiB body present", t, lookups / 20);
                    t = System.nanoTime();
                    for (int i = 0; i < lookups; i++) {
                        found += p.hasBlock(absent.get(i % blocks)) ? 1 : 0;
                    }
                    report("hasBlock, absent", t, lookups);
                    assertThat(found).isEqualTo(2 * lookups);
                }
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static byte[] flip(byte[] b) {
        b[0] ^= (byte) 0xff;
        return b;
    }

    /** A linked chain of headers with plausible heights and chain work; no proof of work. */
    static List<HeaderSyncData> syntheticChain(int n) {
        List<HeaderSyncData> out = new ArrayList<>(n);
        Hash prev = Hash.ZERO;
        BigInteger work = BigInteger.ZERO;
        BigInteger perBlock = MainnetChain.workOf(0x1d00ffffL);
        for (int i = 0; i < n; i++) {
            BlockHeader h = new BlockHeader(1, prev, Hash.ZERO, 1_231_006_505L + 600L * i, 0x1d00ffffL, i);
            work = work.add(perBlock);
            out.add(new HeaderSyncData(h, i, work));
            prev = h.hash();
        }
        return out;
    }

    private static void report(String what, long startNanos, int items) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-50s %8.3f s %12.0f /s%n", what, seconds, items / seconds);
    }
}
