package dev.tributary.oplog.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.oplog.cid.Cid;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.oplog.store.OplogStore;
import dev.tributary.store.InMemoryKeyValueStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random histories of several replicas appending and joining each other, checked at every append against a port of
 * OrbitDB's own code ({@link OrbitDbModel}): the {@code next} and {@code refs} of each new entry, and, at the end,
 * the heads, the whole order and iterations with random bounds.
 */
class OpLogModelTest {
    static final List<LocalIdentity> WRITERS = TestWriters.list(3);

    @Property(tries = 25)
    void appendsJoinsAndBoundsAreOrbitDbs(@ForAll long seed) {
        Random random = new Random(seed);
        int n = 3;
        List<OpLog> replicas = new ArrayList<>();
        List<OplogStore> stores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OplogStore store = OplogStore.on(new InMemoryKeyValueStore());
            stores.add(store);
            replicas.add(OpLog.open(store, "model-log", WRITERS.get(i), WriteAccess.ANYONE,
                    EntryApplier.NONE));
        }
        Map<Cid, Entry> all = new HashMap<>();
        OrbitDbModel model = new OrbitDbModel(all);
        int steps = 10 + random.nextInt(50);
        for (int step = 0; step < steps; step++) {
            int i = random.nextInt(n);
            OpLog log = replicas.get(i);
            if (random.nextInt(3) > 0) {
                List<Entry> heads = log.heads();
                int refsCount = random.nextInt(5) == 0 ? random.nextInt(4) : OpLog.DEFAULT_REFERENCES;
                List<String> expectedRefs = model.references(heads, refsCount);
                Entry e = log.append("op " + step, refsCount);
                all.put(e.cid(), e);
                assertThat(e.next()).isEqualTo(heads.stream().map(h -> h.cid().toString()).toList());
                assertThat(e.refs()).as("refs at step %d", step).isEqualTo(expectedRefs);
                assertThat(log.heads()).containsExactly(e);
            } else {
                int j = (i + 1 + random.nextInt(n - 1)) % n;
                OplogStore source = stores.get(j);
                JoinResult r = log.joinAll(replicas.get(j).heads(), cids -> {
                    Map<Cid, byte[]> out = new HashMap<>();
                    cids.forEach(c -> source.block(c).ifPresent(b -> out.put(c, b)));
                    return java.util.concurrent.CompletableFuture.completedFuture(out);
                }).join();
                assertThat(r.isRejected()).as("%s", r).isFalse();
            }
        }
        for (OpLog log : replicas) {
            List<Entry> members = all.values().stream().filter(e -> log.has(e.cid())).toList();
            assertThat(log.size()).isEqualTo(members.size());
            List<Entry> heads = log.heads();
            assertThat(heads).containsExactlyInAnyOrderElementsOf(expectedHeads(members));
            assertThat(cids(log.iterator(LogRange.all()))).isEqualTo(model.iterator(heads, LogRange.all()));
            for (int k = 0; k < 30 && !members.isEmpty(); k++) {
                LogRange range = randomRange(random, members);
                assertThat(cids(log.iterator(range))).as("%s", range).isEqualTo(model.iterator(heads, range));
            }
        }
    }

    private static List<Entry> expectedHeads(List<Entry> members) {
        java.util.Set<String> named = new java.util.HashSet<>();
        members.forEach(e -> named.addAll(e.next()));
        return members.stream().filter(e -> !named.contains(e.cid().toString())).toList();
    }

    private static LogRange randomRange(Random random, List<Entry> members) {
        LogRange r = LogRange.all();
        int[] amounts = {-1, 0, 1, 2, 3, 5, 100};
        r = r.amount(amounts[random.nextInt(amounts.length)]);
        if (random.nextInt(3) == 0) {
            r = r.gt(pick(random, members));
        }
        if (random.nextInt(3) == 0) {
            r = r.gte(pick(random, members));
        }
        if (random.nextInt(3) == 0) {
            r = r.lt(pick(random, members));
        }
        if (random.nextInt(3) == 0) {
            r = r.lte(pick(random, members));
        }
        return r;
    }

    private static Cid pick(Random random, List<Entry> members) {
        return members.get(random.nextInt(members.size())).cid();
    }

    static List<Cid> cids(java.util.Iterator<Entry> it) {
        List<Cid> out = new ArrayList<>();
        it.forEachRemaining(e -> out.add(e.cid()));
        return out;
    }
}
