package dev.tributary.chain.store;

import dev.tributary.bytes.Hash;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a chain store of format 2 (one entry per header: {@code 'h' | height | hash} to header and chain work)
 * as format 3 ({@link HeaderSegments}), in place, keeping everything else (bodies, tips, invalid marks) as it is.
 *
 * <p>Steps, each safe to interrupt:
 * <ol>
 *   <li>segments left by an earlier, interrupted upgrade are deleted;</li>
 *   <li>the header entries are read in key order (by height) and written again as segments, in writes of a few
 *       megabytes; the store is still format 2, whose reads ignore segments;</li>
 *   <li>the format version becomes 3, in one write: from here the store is format 3;</li>
 *   <li>the format-2 header entries are deleted ({@link #removeLeftovers}, which an open of a format-3 store runs
 *       too, so a crash here is finished at the next open).</li>
 * </ol>
 * Memory: the segments being filled (one per chain tip being read, forks included) and one pending write.
 */
final class FormatTwoUpgrade {
    static final int VERSION = 2;
    private static final long WRITE_BYTES = 4L << 20;
    private static final int DELETES_PER_WRITE = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FormatTwoUpgrade.class);

    private final KeyValueStore store;
    private final Map<Hash, Run> runs = new HashMap<>();
    private WriteBatch pending = new WriteBatch();
    private int height = -1;
    private long headers;

    private FormatTwoUpgrade(KeyValueStore store) {
        this.store = store;
    }

    /** Upgrades {@code store}, a format-2 chain store, to format 3. */
    static void run(KeyValueStore store) {
        long start = System.nanoTime();
        LOG.info("Rewriting the chain store in {} from format 2 (an entry per header) as format {} (an entry per {}"
                + " headers), once", store, ChainStoreLayout.FORMAT_VERSION, HeaderSegments.MAX_HEADERS);
        deleteAll(store, new byte[] {HeaderSegments.PREFIX});
        FormatTwoUpgrade upgrade = new FormatTwoUpgrade(store);
        store.scanPrefix(new byte[] {ChainStoreLayout.HEADER_PREFIX}, (key, value) -> {
            upgrade.add(key, value);
            return true;
        });
        upgrade.finish();
        store.put(ChainStoreLayout.VERSION, ChainStoreLayout.encodeInt(ChainStoreLayout.FORMAT_VERSION));
        removeLeftovers(store);
        LOG.info("Rewrote the chain store in {} as format {}: {} {} in {} s", store, ChainStoreLayout.FORMAT_VERSION,
                upgrade.headers, upgrade.headers == 1 ? "header" : "headers",
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    }

    /** Deletes format-2 header entries that an interrupted upgrade left in a format-3 store. */
    static void removeLeftovers(KeyValueStore store) {
        deleteAll(store, new byte[] {ChainStoreLayout.HEADER_PREFIX});
    }

    private static void deleteAll(KeyValueStore store, byte[] prefix) {
        WriteBatch[] batch = {new WriteBatch()};
        store.scanPrefix(prefix, (key, value) -> {
            batch[0].delete(key);
            if (batch[0].size() >= DELETES_PER_WRITE) {
                store.write(batch[0]);
                batch[0] = new WriteBatch();
            }
            return true;
        });
        if (!batch[0].isEmpty()) {
            store.write(batch[0]);
        }
    }

    /** A segment being filled: the run of headers read so far that follow each other. */
    private static final class Run {
        final int start;
        final byte[] firstHash;
        final byte[] records = new byte[HeaderSegments.MAX_HEADERS * HeaderSegments.RECORD];
        int count;

        Run(int start, byte[] firstHash) {
            this.start = start;
            this.firstHash = firstHash;
        }

        int tipHeight() {
            return start + count - 1;
        }
    }

    private void add(byte[] key, byte[] value) {
        if (key.length != ChainStoreLayout.HEADER_KEY_SIZE || value.length != HeaderSegments.RECORD) {
            throw ChainStoreLayout.corrupt(store, key, "is not a format-2 header entry of " + HeaderSegments.RECORD
                    + " bytes");
        }
        int h = ChainStoreLayout.keyHeight(key);
        if (h < 0) {
            throw ChainStoreLayout.corrupt(store, key, "has a negative height " + h);
        }
        if (h != height) {
            flushRunsBelow(h - 1);
            height = h;
        }
        Hash hash = Hash.wrap(key, ChainStoreLayout.HEADER_KEY_HASH);
        Run run = runs.remove(Hash.wrap(value, 4));
        if (run != null && (run.tipHeight() != h - 1 || run.count == HeaderSegments.MAX_HEADERS)) {
            flush(run);
            run = null;
        }
        if (run == null) {
            run = new Run(h, hash.toBytes());
        }
        System.arraycopy(value, 0, run.records, run.count * HeaderSegments.RECORD, HeaderSegments.RECORD);
        run.count++;
        headers++;
        runs.put(hash, run);
    }

    /** Writes the runs that no header to come can extend: those whose tip is below {@code height}. */
    private void flushRunsBelow(int height) {
        for (Iterator<Run> it = runs.values().iterator(); it.hasNext(); ) {
            Run run = it.next();
            if (run.tipHeight() < height) {
                it.remove();
                flush(run);
            }
        }
    }

    private void flush(Run run) {
        byte[] key = HeaderSegments.key(run.start, run.firstHash, 0, run.count);
        pending.putOwned(key, java.util.Arrays.copyOf(run.records, run.count * HeaderSegments.RECORD));
        if (pending.byteSize() >= WRITE_BYTES) {
            store.write(pending);
            pending = new WriteBatch();
        }
    }

    private void finish() {
        List<Run> left = new ArrayList<>(runs.values());
        runs.clear();
        left.forEach(this::flush);
        if (!pending.isEmpty()) {
            store.write(pending);
        }
    }
}
