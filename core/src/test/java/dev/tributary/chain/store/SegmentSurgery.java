package dev.tributary.chain.store;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Breaks a chain store on purpose, through the raw store beneath it, for tests of what reads and checks make of
 * it: removes or replaces one header inside the {@link HeaderSegments segment} that holds it.
 */
final class SegmentSurgery {
    private SegmentSurgery() {
    }

    /** Removes the header at {@code height}: its segment is split in two around it. */
    static void removeHeader(KeyValueStore raw, List<HeaderSyncData> chain, int height) {
        rewrite(raw, chain, height, null);
    }

    /** Puts {@code replacement} in place of the header at {@code height} of its segment (same position). */
    static void replaceRecord(KeyValueStore raw, List<HeaderSyncData> chain, int height, HeaderSyncData replacement) {
        rewrite(raw, chain, height, replacement);
    }

    /** Adds {@code header} as a segment of its own. */
    static void addAlone(KeyValueStore raw, HeaderSyncData header) {
        raw.put(HeaderSegments.key(header.height(), header.hash().toBytes(), 0, 1), ChainStoreLayout.encodeHeader(header));
    }

    private static void rewrite(KeyValueStore raw, List<HeaderSyncData> chain, int height, HeaderSyncData replacement) {
        byte[][] found = new byte[2][];
        byte[][] range = HeaderSegments.rangeHolding(height);
        raw.scan(range[0], range[1], (k, v) -> {
            if (HeaderSegments.holds(k, v, height, chain.get(height).hash())) {
                found[0] = k;
                found[1] = v;
            }
            return found[0] == null;
        });
        if (found[0] == null) {
            throw new AssertionError("no segment holds height " + height);
        }
        int start = ChainStoreLayout.keyHeight(found[0]);
        int i = height - start;
        byte[] value = found[1];
        if (replacement != null) {
            System.arraycopy(ChainStoreLayout.encodeHeader(replacement), 0, value, i * HeaderSegments.RECORD,
                    HeaderSegments.RECORD);
            raw.put(found[0], value);
            return;
        }
        raw.delete(found[0]);
        List<int[]> parts = new ArrayList<>();
        parts.add(new int[] {start, i});
        parts.add(new int[] {height + 1, value.length / HeaderSegments.RECORD - i - 1});
        for (int[] part : parts) {
            if (part[1] > 0) {
                int from = (part[0] - start) * HeaderSegments.RECORD;
                raw.put(HeaderSegments.key(part[0], chain.get(part[0]).hash().toBytes(), 0, part[1]),
                        Arrays.copyOfRange(value, from, from + part[1] * HeaderSegments.RECORD));
            }
        }
    }
}
