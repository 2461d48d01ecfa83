package dev.tributary.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Whatever the edits on three endpoints and the order of passes between them, complete passes afterwards leave every
 * endpoint with the same digest ticks and the same records (this needs the reissue of copies the target wins, see
 * {@link TargetApplier}: without it, seeds diverge); and a pass never sends a change the target already has.
 * Not every random run converges yet: docs/records.md, "Known problem". Between two endpoints, {@link PassTest}
 * shows a cut pass resuming.
 */
class ConvergenceTest {

    /** 400 fixed seeds (page sizes 1..5): six of them diverge without the reissue of target-won copies. */
    @org.junit.jupiter.api.Test
    void passesBetweenThreeEndpointsConverge() {
        java.util.List<Long> diverged = new java.util.ArrayList<>();
        for (long seed = 0; seed < 400; seed++) {
            try {
                run(seed, 1 + (int) (seed % 5));
            } catch (AssertionError e) {
                diverged.add(seed);
            }
        }
        assertThat(diverged).as("seeds whose replicas ended with different copies").isEmpty();
    }

    void run(long seed, int pageSize) {
        Random random = new Random(seed);
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now[0] = now[0].plusMillis(random.nextInt(3)); // equal stamps happen too
                return now[0];
            }
        };
        List<RecordCollection> all = List.of(new RecordCollection(new InMemoryRecordStore("A", 1 + random.nextInt(3)), clock),
                new RecordCollection(new InMemoryRecordStore("B", 1 + random.nextInt(3)), clock),
                new RecordCollection(new InMemoryRecordStore("C", 1 + random.nextInt(3)), clock));
        for (int step = 0; step < 40; step++) {
            RecordCollection at = all.get(random.nextInt(3));
            String uuid = "r" + random.nextInt(8);
            if (random.nextInt(4) == 0) {
                at.delete(uuid);
            } else {
                at.put(uuid, Payload.of("item", Map.of("v", Long.toString(random.nextLong()))));
            }
            if (random.nextInt(3) == 0) {
                int i = random.nextInt(3);
                int j = (i + 1 + random.nextInt(2)) % 3;
                pass(all.get(i), all.get(j), pageSize, -1);
            }
        }
        for (int round = 0; round < 2; round++) {
            for (RecordCollection x : all) {
                for (RecordCollection y : all) {
                    if (x != y) {
                        pass(x, y, pageSize, -1);
                    }
                }
            }
        }
        for (RecordCollection x : all) {
            assertThat(x.digest().sameTicks(all.get(0).digest())).isTrue();
            assertThat(contents(x)).isEqualTo(contents(all.get(0)));
        }
    }

    private static void pass(RecordCollection source, RecordCollection target, int pageSize, int maxPages) {
        Digest before = target.digest();
        SourcePass pass = source.startPass(before);
        FeedCursor cursor = FeedCursor.START;
        for (int pages = 0; cursor != null && pages != maxPages; pages++) {
            SourcePass.Page page = pass.page(cursor, pageSize);
            for (Record r : page.page().entries()) {
                assertThat(before.knows(r.state())).as("sent a change the target had: %s", r).isFalse();
            }
            assertThat(target.apply(page.page())).isInstanceOf(TargetApplier.Processed.class);
            cursor = page.next();
        }
    }

    private static Map<String, Record> contents(RecordCollection c) {
        Map<String, Record> out = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            c.get("r" + i).ifPresent(r -> out.put(r.uuid(), r));
        }
        return out;
    }
}
