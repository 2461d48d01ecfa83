package dev.tributary.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The child process of the RocksDB crash and lock tests.
 *
 * <ul>
 *   <li>{@code write <dir>}: resumes after the batch named by the key {@code "last"} and writes batches
 *       forever, printing {@code committed <n>} after each write returns. Batch {@code n} puts
 *       {@link #KEYS_PER_BATCH} keys {@code 'b' + n (int32 BE) + j (int32 BE)} with values of
 *       {@link #VALUE_SIZE} bytes that start with {@code n}, deletes the marker {@code 'm' + (n - 1)},
 *       puts the marker {@code 'm' + n}, and sets {@code "last"} to {@code n}.</li>
 *   <li>{@code write-unlogged <dir>}: as {@code write}, each batch written with
 *       {@link KeyValueStore#writeUnlogged} (the store opened so that unlogged writes never pause), and after every
 *       {@link #DURABLE_EVERY}th batch a logged put of {@link #DURABLE} to {@code n}, then {@code durable <n>}
 *       printed: the batches up to {@code n} must survive a crash, the later ones may be lost.</li>
 *   <li>{@code hold <dir>}: opens the store, prints {@code ready}, and closes it when stdin ends.</li>
 * </ul>
 */
public final class StoreWriterProcess {
    static final int KEYS_PER_BATCH = 200;
    static final int VALUE_SIZE = 8000;
    static final byte[] LAST = "last".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] DURABLE = "durable".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int DURABLE_EVERY = 7;

    private StoreWriterProcess() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> write(RocksDbKeyValueStore.open(dir), false);
            case "write-unlogged" -> write(RocksDbKeyValueStore.open(dir, RocksDbKeyValueStore.Config.defaults(), 0), true);
            case "hold" -> hold(dir);
            default -> throw new IllegalArgumentException("mode: write or hold, not " + args[0]);
        }
    }

    private static void write(RocksDbKeyValueStore opened, boolean unlogged) {
        try (RocksDbKeyValueStore store = opened) {
            Optional<byte[]> last = store.get(LAST);
            int n = last.map(v -> ByteBuffer.wrap(v).getInt() + 1).orElse(0);
            System.out.println("resuming at " + n);
            // Bounded so that an orphaned child cannot run forever; the tests kill it long before.
            for (int end = n + 1_000_000; n < end; n++) {
                WriteBatch batch = new WriteBatch();
                for (int j = 0; j < KEYS_PER_BATCH; j++) {
                    batch.put(batchKey(n, j), value(n));
                }
                batch.delete(marker(n - 1));
                batch.put(marker(n), new byte[0]);
                batch.put(LAST, ByteBuffer.allocate(4).putInt(n).array());
                if (unlogged) {
                    store.writeUnlogged(batch);
                } else {
                    store.write(batch);
                }
                System.out.println("committed " + n);
                if (unlogged && n % DURABLE_EVERY == 0) {
                    store.put(DURABLE, ByteBuffer.allocate(4).putInt(n).array());
                    System.out.println("durable " + n);
                }
                System.out.flush();
            }
        }
    }

    private static void hold(Path dir) throws IOException {
        try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
            store.put(LAST, new byte[4]);
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for stdin to close
            }
        }
        System.out.println("closed");
    }

    static byte[] batchKey(int n, int j) {
        return ByteBuffer.allocate(9).put((byte) 'b').putInt(n).putInt(j).array();
    }

    static byte[] marker(int n) {
        return ByteBuffer.allocate(5).put((byte) 'm').putInt(n).array();
    }

    static byte[] value(int n) {
        return ByteBuffer.allocate(VALUE_SIZE).putInt(n).array();
    }
}
