package dev.tributary.oplog.log;

import dev.tributary.oplog.store.LogStore;
import dev.tributary.oplog.store.OrderKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code refs} of a new entry, chosen exactly as OrbitDB 4 chooses them ({@code log.js}, {@code append} and
 * {@code getReferences}): with {@code h} heads and {@code r} references asked for, OrbitDB traverses the log from
 * its heads, newest first, stops once it has {@code amount = r + h} entries, and keeps those at positions
 * {@code h} to {@code amount - 1}. Its code reads {@code refs.slice(heads.length + 1, amount)}, but its traversal
 * pops the first entry off the very array it was given as {@code heads}, so {@code heads.length} is {@code h - 1}
 * by then: it skips the heads' count of entries, no more. With the default {@code r = 16} and one head, that is the
 * 16 entries 1 to 16 steps back behind the head (the interop vectors made by OrbitDB 4.0.0 show exactly this). The
 * traversal order is the order index's, so this reads the newest {@code amount} keys, which the log store holds in
 * memory for the default amount.
 */
final class References {
    private References() {
    }

    static List<String> choose(LogStore log, int headCount, int referencesCount, CidTexts texts) {
        int amount = referencesCount + headCount;
        List<String> refs = new ArrayList<>();
        if (amount <= headCount) {
            return refs;
        }
        List<OrderKey> newest = log.newest(amount);
        for (int at = headCount; at < newest.size(); at++) {
            refs.add(texts.text(newest.get(at).cid()));
        }
        return refs;
    }
}
