package dev.tributary.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole passes between collections in memory: paging, interruption and resumption, two-way convergence. */
class PassTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static RecordCollection collection(String endpoint, int priority) {
        return new RecordCollection(new InMemoryRecordStore(endpoint, priority), CLOCK);
    }

    private static Payload row(int i) {
        return Payload.of("item", Map.of("n", Integer.toString(i)));
    }

    /** Runs a pass page by page, at most {@code maxPages} (all when negative); returns the entries sent. */
    static List<Record> pass(RecordCollection source, RecordCollection target, int pageSize, int maxPages) {
        SourcePass pass = source.startPass(target.digest());
        List<Record> sent = new ArrayList<>();
        FeedCursor cursor = FeedCursor.START;
        for (int pages = 0; cursor != null && pages != maxPages; pages++) {
            SourcePass.Page page = pass.page(cursor, pageSize);
            sent.addAll(page.page().entries());
            assertThat(target.apply(page.page())).isInstanceOf(TargetApplier.Processed.class);
            cursor = page.next();
        }
        return sent;
    }

    @Test
    void pagesFollowEachOtherUntilTheLastWhichHasNoNextCursor() {
        RecordCollection a = collection("A", 1);
        RecordCollection b = collection("B", 2);
        for (int i = 0; i < 25; i++) {
            a.put("r" + i, row(i));
        }
        SourcePass pass = a.startPass(b.digest());
        List<Integer> sizes = new ArrayList<>();
        FeedCursor cursor = FeedCursor.START;
        while (cursor != null) {
            SourcePass.Page p = pass.page(cursor, 10);
            sizes.add(p.page().entries().size());
            assertThat(p.page().last()).isEqualTo(p.next() == null);
            cursor = p.next() == null ? null : FeedCursor.parse(p.next().token()).orElseThrow();
        }
        assertThat(sizes).containsExactly(10, 10, 5);
    }

    @Test
    void wideRowsMakeShorterPagesAndEveryRowStillTravelsOnce() {
        RecordCollection a = collection("A", 1);
        RecordCollection b = collection("B", 2);
        for (int i = 0; i < 30; i++) {
            // every third row is wide: 2,000 characters, against a budget of 3,000 a page
            String value = i % 3 == 0 ? "w".repeat(2_000) : Integer.toString(i);
            a.put("r" + i, Payload.of("item", Map.of("n", value)));
        }
        SourcePass pass = a.startPass(b.digest());
        List<Integer> sizes = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        FeedCursor cursor = FeedCursor.START;
        while (cursor != null) {
            SourcePass.Page p = pass.page(cursor, 10, 3_000);
            long weight = p.page().entries().stream().mapToLong(SourcePass::weight).sum();
            assertThat(weight <= 3_000 || p.page().entries().size() == 1).as("page weight %d", weight).isTrue();
            sizes.add(p.page().entries().size());
            p.page().entries().forEach(r -> sent.add(r.uuid()));
            assertThat(b.apply(p.page())).isInstanceOf(TargetApplier.Processed.class);
            cursor = p.next() == null ? null : FeedCursor.parse(p.next().token()).orElseThrow();
        }
        assertThat(sent).hasSize(30).doesNotHaveDuplicates();
        assertThat(sizes).allMatch(n -> n <= 3).hasSizeGreaterThan(9);
        assertThat(b.digest().sameTicks(a.digest())).isTrue();
    }

    @Test
    void aRowHeavierThanTheBudgetTravelsAloneOnItsPage() {
        RecordCollection a = collection("A", 1);
        RecordCollection b = collection("B", 2);
        a.put("huge", Payload.of("item", Map.of("n", "h".repeat(10_000))));
        a.put("small", row(1));
        SourcePass pass = a.startPass(b.digest());
        SourcePass.Page first = pass.page(FeedCursor.START, 10, 1_000);
        assertThat(first.page().entries()).extracting(Record::uuid).containsExactly("huge");
        assertThat(pass.page(first.next(), 10, 1_000).page().entries()).extracting(Record::uuid).containsExactly("small");
    }

    @Test
    void anExactMultipleOfThePageSizeEndsWithoutAnEmptyPage() {
        RecordCollection a = collection("A", 1);
        RecordCollection b = collection("B", 2);
        for (int i = 0; i < 20; i++) {
            a.put("r" + i, row(i));
        }
        SourcePass pass = a.startPass(b.digest());
        SourcePass.Page second = pass.page(pass.page(FeedCursor.START, 10).next(), 10);
        assertThat(second.page().entries()).hasSize(10);
        assertThat(second.next()).isNull();
    }

    @Test
    void anInterruptedPassResumesWhereItStoppedAndSendsNothingTwice() {
        RecordCollection a = collection("A", 1);
        RecordCollection b = collection("B", 2);
        RecordCollection c = collection("C", 3);
        for (int i = 0; i < 30; i++) {
            (i % 2 == 0 ? a : c).put("r" + i, row(i));
        }
        pass(c, a, 7, -1); // a now also relays C's changes

        List<Record> first = pass(a, b, 7, 2);
        List<Record> rest = pass(a, b, 7, -1);

        assertThat(first).hasSize(14);
        assertThat(rest).hasSize(16).doesNotContainAnyElementsOf(first);
        assertThat(b.digest().sameTicks(a.digest())).isTrue();
        assertThat(pass(a, b, 7, -1)).as("nothing left to send").isEmpty();
        for (int i = 0; i < 30; i++) {
            assertThat(b.get("r" + i).orElseThrow().payload()).isEqualTo(row(i));
        }
    }

    @Test
    void concurrentEditsOnThreeEndpointsConvergeByTwoWayPasses() {
        List<RecordCollection> all = List.of(collection("A", 1), collection("B", 2), collection("C", 3));
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 20; round++) {
            for (int k = 0; k < 10; k++) {
                RecordCollection at = all.get(random.nextInt(3));
                String uuid = "r" + random.nextInt(15);
                if (random.nextInt(5) == 0) {
                    at.delete(uuid);
                } else {
                    at.put(uuid, row(random.nextInt(1000)));
                }
            }
            int i = random.nextInt(3);
            int j = (i + 1 + random.nextInt(2)) % 3;
            pass(all.get(i), all.get(j), 4, -1);
            pass(all.get(j), all.get(i), 4, -1);
        }
        for (int round = 0; round < 2; round++) {
            for (RecordCollection x : all) {
                for (RecordCollection y : all) {
                    if (x != y) {
                        pass(x, y, 4, -1);
                    }
                }
            }
        }
        Map<String, Record> reference = contents(all.get(0));
        for (RecordCollection x : all) {
            assertThat(x.digest().sameTicks(all.get(0).digest())).isTrue();
            assertThat(contents(x)).isEqualTo(reference);
        }
    }

    private static Map<String, Record> contents(RecordCollection c) {
        Map<String, Record> out = new HashMap<>();
        for (int i = 0; i < 15; i++) {
            c.get("r" + i).ifPresent(r -> out.put(r.uuid(), r));
        }
        return out;
    }
}
