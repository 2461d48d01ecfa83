package dev.tributary.oplog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.store.InMemoryKeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The newest order keys a log holds in memory are always the first keys of its order index. */
class RecentOrderTest {
    @Property(tries = 60)
    void theNewestKeysHeldAreTheFirstOfTheOrderIndex(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int batches,
            @ForAll @IntRange(min = 0, max = 10) int askFirstAfter) {
        Random random = new Random(seed);
        try (OplogStore store = OplogStore.on(new InMemoryKeyValueStore())) {
            LogStore log = store.log("/orbitdb/recent");
            for (int b = 0; b < batches; b++) {
                if (b == askFirstAfter) {
                    log.newest(LogStore.RECENT_KEYS);
                }
                LogStore.LogBatch batch = log.batch();
                int entries = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
                for (int i = 0; i < entries; i++) {
                    // times both ahead of and behind the newest: joins add old entries as well as new ones
                    OrderKey key = new OrderKey(random.nextInt(200), random.nextBoolean() ? "02aa" : "03bb",
                            Cid.of(new byte[] {(byte) b, (byte) i, (byte) random.nextInt()}));
                    batch.add(key, new byte[] {1}, List.of(), false);
                }
                batch.commit();
                int n = 1 + random.nextInt(LogStore.RECENT_KEYS);
                assertThat(log.newest(n)).isEqualTo(scan(log, n));
            }
            assertThat(log.newest(LogStore.RECENT_KEYS + 5)).isEqualTo(scan(log, LogStore.RECENT_KEYS + 5));
        }
    }

    private static List<OrderKey> scan(LogStore log, int n) {
        List<OrderKey> out = new ArrayList<>();
        log.scanOrder(null, k -> {
            out.add(k);
            return out.size() < n;
        });
        return out;
    }
}
