package dev.tributary.oplog.db;

import dev.tributary.oplog.log.LogRange;
import dev.tributary.oplog.log.TestWriters;
import dev.tributary.store.RocksDbKeyValueStore;
import dev.tributary.testing.ReadCountingKeyValueStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;

/**
 * The child of {@link OplogMillionEntriesIT}: appends {@code n} puts to a keyvalue database in RocksDB, closes it,
 * reopens it (reading at most {@link #MAX_OPEN_READS} store entries: no replay), queries it, and prints appends/s,
 * the time to open, and the heap's peak (the parent runs it with -Xmx256m). Any broken expectation is an
 * {@link AssertionError}: the child exits non-zero and never prints {@code done}.
 */
public final class HeavyProcess {
    static final int KEYS = 100_000;
    /** Store entries that opening the database and one get may read: its heads, count and metadata, not its log. */
    static final int MAX_OPEN_READS = 1_000;

    private HeavyProcess() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int keys = Math.min(KEYS, n);
        String address;
        long start = System.nanoTime();
        try (Databases dbs = Databases.open(dir, TestWriters.writer(0))) {
            KeyValue kv = dbs.keyValue("heavy");
            address = kv.address();
            long lap = System.nanoTime();
            for (int i = 0; i < n; i++) {
                kv.put("k" + (i % keys), (long) i);
                if ((i + 1) % 100_000 == 0) {
                    long now = System.nanoTime();
                    System.out.printf("appended %d (%.0f appends/s, heap peak %d MB)%n", i + 1,
                            100_000 / ((now - lap) / 1e9), heapPeakMb());
                    lap = now;
                }
            }
        }
        double appendSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("appends/s %.0f%n", n / appendSeconds);

        long openStart = System.nanoTime();
        try (RocksDbKeyValueStore rocks = RocksDbKeyValueStore.open(dir);
                ReadCountingKeyValueStore store = new ReadCountingKeyValueStore(rocks);
                Databases dbs = Databases.on(store, TestWriters.writer(0))) {
            long rocksOpened = System.nanoTime();
            KeyValue kv = (KeyValue) dbs.open(address, null, null);
            Object first = kv.get("k0").orElseThrow();
            long now = System.nanoTime();
            long openReads = store.reads();
            System.out.printf("open ms %.1f (RocksDB %.1f, then the database and its first get %.1f)%n",
                    (now - openStart) / 1e6, (rocksOpened - openStart) / 1e6, (now - rocksOpened) / 1e6);
            System.out.printf("open reads %d store entries%n", openReads);
            if (openReads > MAX_OPEN_READS) {
                throw new AssertionError("opening the database and its first get read " + openReads
                        + " store entries, more than " + MAX_OPEN_READS + ": the log of " + n + " was replayed");
            }
            if (kv.size() != n) {
                throw new AssertionError("size " + kv.size() + " after reopening, expected " + n);
            }
            long expectedFirst = n - 1 - ((n - 1) % keys);
            if (!Long.valueOf(expectedFirst).equals(first)) {
                throw new AssertionError("k0 is " + first + ", expected " + expectedFirst);
            }
            Random random = new Random(1);
            long queryStart = System.nanoTime();
            for (int q = 0; q < 10_000; q++) {
                int k = random.nextInt(keys);
                long expected = n - 1 - ((n - 1 - k) % keys);
                Object v = kv.get("k" + k).orElseThrow();
                if (!Long.valueOf(expected).equals(v)) {
                    throw new AssertionError("k" + k + " is " + v + ", expected " + expected);
                }
            }
            System.out.printf("gets/s %.0f%n", 10_000 / ((System.nanoTime() - queryStart) / 1e9));
            Iterator<?> latest = kv.log().iterator(LogRange.all().amount(100));
            int count = 0;
            while (latest.hasNext()) {
                latest.next();
                count++;
            }
            if (count != 100) {
                throw new AssertionError("iterated " + count + " entries, expected 100");
            }
            long liveStart = System.nanoTime();
            long live = 0;
            Iterator<KeyValue.Record> all = kv.iterator(-1);
            while (all.hasNext()) {
                all.next();
                live++;
            }
            if (live != keys) {
                throw new AssertionError(live + " live keys, expected " + keys);
            }
            System.out.printf("live keys %d read in %.0f ms%n", live, (System.nanoTime() - liveStart) / 1e6);
        }
        System.out.printf("heap peak MB %d%n", heapPeakMb());
        System.out.println("done");
    }

    static long heapPeakMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
