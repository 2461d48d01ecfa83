package dev.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child process with SIGKILL, several times over the same directory, and checks that
 * the store it leaves holds whole batches only, every batch the child reported as written, and nothing
 * out of order. The kill lands wherever the child happens to be, usually inside RocksDB's write path:
 * the child writes without pause.
 */
class RocksDbCrashConsistencyTest {
    private static final int ROUNDS = 5;
    private static final int BATCHES_BEFORE_KILL = 20;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aKilledWriterLeavesWholeBatchesAndEverythingItReported() throws Exception {
        Path dir = tmp.resolve("crash");
        int reportedTotal = -1;
        for (int round = 0; round < ROUNDS; round++) {
            int lastReported;
            try (JavaChildProcess child = JavaChildProcess.start(StoreWriterProcess.class, "write", dir.toString())) {
                String resume = child.awaitLine(l -> l.startsWith("resuming at "));
                int start = Integer.parseInt(resume.substring("resuming at ".length()));
                assertThat(start).as("the child resumes after every batch it reported").isGreaterThan(reportedTotal);
                String line = child.awaitLine(l -> l.startsWith("committed ")
                        && Integer.parseInt(l.substring("committed ".length())) >= start + BATCHES_BEFORE_KILL);
                child.kill();
                lastReported = Integer.parseInt(line.substring("committed ".length()));
            }
            reportedTotal = verify(dir, lastReported);
        }
        assertThat(reportedTotal).isGreaterThanOrEqualTo(ROUNDS * BATCHES_BEFORE_KILL);
    }

    /**
     * As above with batches written unlogged and a logged write after every few: a kill may lose the unlogged batches
     * after the last logged write, never one before it, and never leaves a later batch without an earlier one.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aKilledUnloggedWriterLeavesAPrefixWithEverythingBeforeItsLastLoggedWrite() throws Exception {
        Path dir = tmp.resolve("crash-unlogged");
        int stored = -1;
        for (int round = 0; round < ROUNDS; round++) {
            int durable;
            try (JavaChildProcess child = JavaChildProcess.start(StoreWriterProcess.class, "write-unlogged", dir.toString())) {
                String resume = child.awaitLine(l -> l.startsWith("resuming at "));
                int start = Integer.parseInt(resume.substring("resuming at ".length()));
                assertThat(start).as("the child resumes after the last batch stored").isEqualTo(stored + 1);
                String line = child.awaitLine(l -> l.startsWith("durable ")
                        && Integer.parseInt(l.substring("durable ".length())) >= start + BATCHES_BEFORE_KILL);
                child.kill();
                durable = Integer.parseInt(line.substring("durable ".length()));
            }
            stored = verify(dir, durable);
            try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
                assertThat(ByteBuffer.wrap(store.get(StoreWriterProcess.DURABLE).orElseThrow()).getInt())
                        .as("the last logged write survived").isGreaterThanOrEqualTo(durable);
            }
        }
        assertThat(stored).isGreaterThanOrEqualTo(ROUNDS * BATCHES_BEFORE_KILL);
    }

    /** Checks the store and returns the number of the last batch it holds. */
    private static int verify(Path dir, int lastReported) {
        TreeMap<Integer, Integer> keysPerBatch = new TreeMap<>();
        List<Integer> markers = new ArrayList<>();
        List<String> badValues = new ArrayList<>();
        try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
            store.scanPrefix(new byte[] {'b'}, (k, v) -> {
                int n = ByteBuffer.wrap(k, 1, 4).getInt();
                keysPerBatch.merge(n, 1, Integer::sum);
                if (v.length != StoreWriterProcess.VALUE_SIZE || ByteBuffer.wrap(v).getInt() != n) {
                    badValues.add(KeyValueStoreContract.scanAll(store, k, null).get(0));
                }
                return true;
            });
            store.scanPrefix(new byte[] {'m'}, (k, v) -> markers.add(ByteBuffer.wrap(k, 1, 4).getInt()));
            int last = ByteBuffer.wrap(store.get(StoreWriterProcess.LAST).orElseThrow()).getInt();

            assertThat(badValues).isEmpty();
            assertThat(keysPerBatch.values()).as("every batch whole").containsOnly(StoreWriterProcess.KEYS_PER_BATCH);
            assertThat(keysPerBatch.firstKey()).isZero();
            assertThat(keysPerBatch.lastKey()).as("batches form a prefix").isEqualTo(keysPerBatch.size() - 1);
            assertThat(keysPerBatch.lastKey()).as("everything reported is there").isGreaterThanOrEqualTo(lastReported);
            assertThat(last).isEqualTo(keysPerBatch.lastKey());
            assertThat(markers).as("the batch's delete applied with its puts").containsExactly(last);
            System.out.println("reported " + lastReported + " stored " + last + " batches " + keysPerBatch.size());
            return last;
        }
    }
}
