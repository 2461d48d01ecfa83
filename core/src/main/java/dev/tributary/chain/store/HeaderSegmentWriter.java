package dev.tributary.chain.store;

import static dev.tributary.chain.store.HeaderSegments.MAX_HEADERS;
import static dev.tributary.chain.store.HeaderSegments.RECORD;
import static dev.tributary.chain.store.HeaderSegments.check;
import static dev.tributary.chain.store.HeaderSegments.count;
import static dev.tributary.chain.store.HeaderSegments.heightBound;
import static dev.tributary.chain.store.HeaderSegments.isKey;
import static dev.tributary.chain.store.HeaderSegments.key;
import static dev.tributary.chain.store.HeaderSegments.writeHash;

import dev.tributary.chain.HeaderBatch;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.KeyValueStore;
import dev.tributary.store.WriteBatch;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a save's headers into {@link HeaderSegments}: splits them into runs of headers that follow each other,
 * leaves out what the store holds already, and cuts the rest into segments of up to {@link HeaderSegments#MAX_HEADERS}.
 */
final class HeaderSegmentWriter {
    private HeaderSegmentWriter() {
    }

    /**
     * The headers of a save, read by index: from a {@link HeaderBatch}'s bytes, from several batches' ({@link
     * ConcatenatedBatches}) or from entry objects.
     */
    private interface Source {
        int size();

        int height(int i);

        void writeHash(int i, byte[] target, int offset);

        /** Writes header {@code i}'s record ({@link #RECORD} bytes) at {@code offset} of {@code target}. */
        void writeRecord(int i, byte[] target, int offset);

        /** Whether header {@code i} is the child of header {@code i - 1}, one height above it. */
        boolean followsPrevious(int i);
    }

    private static Source source(List<HeaderSyncData> headers) {
        if (headers instanceof HeaderBatch batch) {
            return new BatchSource(new ConcatenatedBatches(List.of(batch)));
        }
        if (headers instanceof ConcatenatedBatches batches) {
            return new BatchSource(batches);
        }
        return new Source() {
            public int size() {
                return headers.size();
            }

            public int height(int i) {
                return headers.get(i).height();
            }

            public void writeHash(int i, byte[] target, int offset) {
                headers.get(i).hash().copyTo(target, offset);
            }

            public void writeRecord(int i, byte[] target, int offset) {
                System.arraycopy(ChainStoreLayout.encodeHeader(headers.get(i)), 0, target, offset, RECORD);
            }

            public boolean followsPrevious(int i) {
                HeaderSyncData child = headers.get(i);
                HeaderSyncData parent = headers.get(i - 1);
                return child.height() == parent.height() + 1 && child.prevHash().equals(parent.hash());
            }
        };
    }

    /**
     * Headers held as bytes, by one {@link HeaderBatch} (read as a {@link ConcatenatedBatches} of one part) or by
     * several: each read in place, no entry object made.
     */
    private static final class BatchSource implements Source {
        private final ConcatenatedBatches batches;
        /** For {@link ConcatenatedBatches#followsPrevious}, across two parts. */
        private final byte[] scratch = new byte[Hash.LENGTH];

        BatchSource(ConcatenatedBatches batches) {
            this.batches = batches;
        }

        @Override
        public int size() {
            return batches.size();
        }

        @Override
        public int height(int i) {
            return batches.height(i);
        }

        @Override
        public void writeHash(int i, byte[] target, int offset) {
            batches.writeHash(i, target, offset);
        }

        @Override
        public void writeRecord(int i, byte[] target, int offset) {
            batches.writeHeaderValue(i, target, offset);
        }

        @Override
        public boolean followsPrevious(int i) {
            return batches.followsPrevious(i, scratch) && batches.height(i) == batches.height(i - 1) + 1;
        }
    }

    /**
     * Puts {@code headers} in {@code batch} as segments, leaving out those {@code store} holds already: each run of
     * consecutive headers that follow each other (parent and height) becomes segments of up to {@link #MAX_HEADERS},
     * from its first header not yet stored. Returns whether all of {@code headers} follow each other, one chain.
     *
     * @throws IllegalArgumentException when a height is negative or a chain work does not fit in 256 bits
     */
    static boolean put(List<HeaderSyncData> headers, WriteBatch batch, KeyValueStore store) {
        Source source = source(headers);
        boolean linked = true;
        byte[] hash = new byte[Hash.LENGTH];
        int start = 0;
        while (start < source.size()) {
            int end = start + 1;
            while (end < source.size() && source.followsPrevious(end)) {
                end++;
            }
            if (end < source.size()) {
                linked = false;
            }
            if (source.height(start) < 0) {
                throw new IllegalArgumentException("negative height " + source.height(start) + " for header "
                        + headers.get(start).hash());
            }
            for (int from = start + storedPrefix(store, source, start, end); from < end; from += MAX_HEADERS) {
                int to = Math.min(end, from + MAX_HEADERS);
                byte[] value = new byte[(to - from) * RECORD];
                for (int i = from; i < to; i++) {
                    source.writeRecord(i, value, (i - from) * RECORD);
                }
                source.writeHash(from, hash, 0);
                batch.putOwned(key(source.height(from), hash, 0, to - from), value);
            }
            start = end;
        }
        return linked;
    }

    /**
     * How many of the run {@code [start, end)} of {@code source} (headers that follow each other) the store holds
     * already: the run's headers up to the highest one that a stored segment holds at its height. Two headers of
     * one hash have one ancestry, so the headers below it are stored too; found by a binary search in each segment
     * that overlaps the run's heights.
     */
    private static int storedPrefix(KeyValueStore store, Source source, int start, int end) {
        int low = source.height(start);
        int high = source.height(end - 1);
        int[] best = {low - 1};
        byte[] ours = new byte[Hash.LENGTH];
        byte[] theirs = new byte[Hash.LENGTH];
        store.scanKeys(heightBound((long) low - MAX_HEADERS + 1), heightBound((long) high + 1), key -> {
            if (!isKey(key)) {
                throw ChainStoreLayout.corrupt(store, key, "is not a header segment's key");
            }
            int segmentStart = ChainStoreLayout.keyHeight(key);
            int lo = Math.max(Math.max(low, segmentStart), best[0] + 1);
            int hi = Math.min(high, segmentStart + count(key) - 1);
            if (lo > hi) {
                return true; // the segment ends below the run, or below what another segment holds of it
            }
            byte[] value = store.get(key).orElseThrow(() -> ChainStoreLayout.corrupt(store, key, "vanished"));
            check(store, key, value);
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                source.writeHash(start + mid - low, ours, 0);
                writeHash(key, value, mid - segmentStart, theirs, 0);
                if (Arrays.equals(ours, theirs)) {
                    best[0] = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return true;
        });
        return best[0] - low + 1;
    }
}
