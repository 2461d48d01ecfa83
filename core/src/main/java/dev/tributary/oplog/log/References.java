package dev.tributary.oplog.log;

import dev.tributary.oplog.store.LogStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code refs} of a new entry, chosen exactly as OrbitDB 4 chooses them ({@code log.js}, {@code append} and
 * {@code getReferences}): with {@code h} heads and {@code r} references asked for, OrbitDB traverses the log from
 * its heads, newest first, stops once it has {@code amount = r + h} entries, and keeps those at positions
 * {@code h + 1} to {@code amount - 1} (JavaScript's {@code refs.slice(heads.length + 1, amount)}): it skips the
 * heads, which {@code next} already names, and one entry more. With the default {@code r = 16} and one head, that is
 * the 15 entries 2 to 16 steps back. The traversal order is the order index's, so this reads {@code amount} keys.
 */
final class References {
    private References() {
    }

    static List<String> choose(LogStore log, int headCount, int referencesCount, CidTexts texts) {
        int amount = referencesCount + headCount;
        List<String> refs = new ArrayList<>();
        if (amount <= headCount + 1) {
            return refs;
        }
        int[] position = {0};
        log.scanOrder(null, key -> {
            int at = position[0]++;
            if (at >= headCount + 1 && at < amount) {
                refs.add(texts.text(key.cid()));
            }
            return position[0] < amount;
        });
        return refs;
    }
}
