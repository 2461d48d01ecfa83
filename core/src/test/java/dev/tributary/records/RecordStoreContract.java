package dev.tributary.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RecordStore} does (its Javadoc's contract); a store's test extends this with {@link #open}.
 * In core's test-jar, so stores in other modules (JDBC) run the same checks.
 */
public abstract class RecordStoreContract {

    /** A new, empty store of {@code endpoint} whose own priority is {@code priority}. */
    protected abstract RecordStore open(String endpoint, int priority);

    private static Record live(String uuid, String endpoint, long tick, String name) {
        return Record.live(uuid, SyncState.of(endpoint, tick, Instant.ofEpochSecond(1_000_000 + tick)),
                Payload.of("item", Map.of("name", name)));
    }

    @Test
    void anEmptyStoreHasItsOwnEntryAtTickZero() {
        try (RecordStore s = open("urn:e", 3)) {
            assertThat(s.endpoint()).isEqualTo("urn:e");
            assertThat(s.digest()).isEqualTo(Digest.empty("urn:e", 3));
            assertThat(s.size()).isZero();
            assertThat(s.get("nothing")).isEmpty();
        }
    }

    @Test
    void committedRecordsAndDigestAreReadBack() {
        try (RecordStore s = open("urn:e", 1)) {
            Map<String, String> withNull = new java.util.LinkedHashMap<>();
            withNull.put("name", "é & <x>");
            withNull.put("fax", null);
            Record a = Record.live("a", new SyncState("urn:e", 0, Instant.parse("2026-01-01T00:00:00.123Z"), "ops"),
                    Payload.of("item", withNull));
            Record b = Record.tombstone("b", SyncState.of("urn:f", 7, null));
            Digest d = Digest.of("urn:e", List.of(new DigestEntry("urn:e", 1, Instant.parse("2026-01-01T00:00:00Z"), 1),
                    new DigestEntry("urn:f", 8, null, 4)));
            s.commit(List.of(a, b), d);

            assertThat(s.get("a")).contains(a);
            assertThat(s.get("b")).contains(b);
            assertThat(s.digest()).isEqualTo(d);
            assertThat(s.size()).isEqualTo(2);
            assertThat(s.tombstones()).isEqualTo(1);
        }
    }

    @Test
    void changesAreListedByEndpointInTickOrderWithinTheRangeAndLimit() {
        try (RecordStore s = open("urn:e", 1)) {
            s.commit(List.of(live("r5", "urn:e", 5, "5"), live("r2", "urn:e", 2, "2"), live("r9", "urn:e", 9, "9"),
                    live("x3", "urn:x", 3, "3")), s.digest());

            assertThat(s.changes("urn:e", 0, 100, 10)).extracting(Record::uuid).containsExactly("r2", "r5", "r9");
            assertThat(s.changes("urn:e", 2, 9, 10)).extracting(Record::uuid).containsExactly("r2", "r5");
            assertThat(s.changes("urn:e", 0, 100, 2)).extracting(Record::uuid).containsExactly("r2", "r5");
            assertThat(s.changes("urn:x", 0, 100, 10)).extracting(Record::uuid).containsExactly("x3");
            assertThat(s.changes("urn:none", 0, 100, 10)).isEmpty();
        }
    }

    @Test
    void getAllAnswersThePresentOnes() {
        try (RecordStore s = open("urn:e", 1)) {
            s.commit(List.of(live("a", "urn:e", 1, "a"), live("b", "urn:e", 2, "b")), s.digest());
            assertThat(s.getAll(List.of("a", "b", "zz", "a"))).containsOnlyKeys("a", "b")
                    .containsEntry("b", live("b", "urn:e", 2, "b"));
        }
    }

    @Test
    void aReplacedRecordLeavesItsOldChange() {
        try (RecordStore s = open("urn:e", 1)) {
            s.commit(List.of(live("r", "urn:e", 1, "old")), s.digest());
            s.commit(List.of(live("r", "urn:f", 4, "new")), s.digest());

            assertThat(s.changes("urn:e", 0, 100, 10)).isEmpty();
            assertThat(s.changes("urn:f", 0, 100, 10)).containsExactly(live("r", "urn:f", 4, "new"));
            assertThat(s.size()).isEqualTo(1);
        }
    }

    @Test
    void liveRowsAreScannedInKeyOrderWithinTheRangeWithoutTombstones() {
        try (RecordStore s = open("urn:e", 1)) {
            s.commit(List.of(live("c", "urn:e", 0, "C"), live("a", "urn:e", 1, "A"), live("e", "urn:e", 2, "E"),
                    Record.tombstone("b", SyncState.of("urn:e", 3, null)), live("d", "urn:e", 4, "D")), s.digest());
            List<String> seen = new java.util.ArrayList<>();

            s.scanLive(new KeyRange("b", "e"), (k, p) -> seen.add(k + "=" + p.properties().get("name")));

            assertThat(seen).containsExactly("c=C", "d=D");
            assertThat(s.countLive(new KeyRange("b", "e"))).isEqualTo(2);
            assertThat(s.countLive(KeyRange.ALL)).isEqualTo(4);
            assertThat(s.countLive(new KeyRange(null, "c"))).isEqualTo(1);
            assertThat(s.countLive(new KeyRange("d", null))).isEqualTo(2);
            List<String> first = new java.util.ArrayList<>();
            s.scanLive(KeyRange.ALL, (k, p) -> first.add(k) && first.size() < 2);
            assertThat(first).containsExactly("a", "c");
        }
    }
}
