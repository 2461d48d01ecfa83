package dev.tributary.records.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.records.FeedCursor;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.KeyRange;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import dev.tributary.records.SourcePass;
import dev.tributary.records.SyncState;
import dev.tributary.records.TargetApplier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The verify pass between collections in memory: it finds exactly the rows changed behind the sync's back (edits,
 * deletes and inserts on either side that left sync states and digests as they were), in few rounds, and the repair
 * (the source reissues them, an ordinary pass carries them) leaves both sides equal.
 */
class VerifyPassTest {
    private static final String S = "urn:source";
    private static final String T = "urn:target";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static Payload row(String value) {
        return Payload.of("item", Map.of("name", value, "n", Integer.toString(value.length())));
    }

    private static String key(int i) {
        return String.format("k%06d", i);
    }

    /** Two collections holding {@code n} rows made on the source and synced to the target. */
    private record Pair(InMemoryRecordStore sourceStore, RecordCollection source, InMemoryRecordStore targetStore,
                        RecordCollection target) {
        static Pair synced(int n) {
            InMemoryRecordStore s = new InMemoryRecordStore(S, 1);
            InMemoryRecordStore t = new InMemoryRecordStore(T, 2);
            Pair p = new Pair(s, new RecordCollection(s, CLOCK), t, new RecordCollection(t, CLOCK));
            for (int i = 0; i < n; i++) {
                p.source.put(key(i), row("v" + i));
            }
            p.pass();
            return p;
        }

        /** A pass from source to target; the entries sent. */
        int pass() {
            SourcePass pass = source.startPass(target.digest());
            int sent = 0;
            FeedCursor cursor = FeedCursor.START;
            while (cursor != null) {
                SourcePass.Page page = pass.page(cursor, 100);
                sent += page.page().entries().size();
                assertThat(target.apply(page.page())).isInstanceOf(TargetApplier.Processed.class);
                cursor = page.next();
            }
            return sent;
        }

        VerifyReport verify(int parts, int listAt) throws Exception {
            return new VerifyPass(VerifySide.local(sourceStore), VerifySide.local(targetStore), parts, listAt).run();
        }
    }

    private static Map<String, Payload> content(InMemoryRecordStore store) {
        Map<String, Payload> out = new TreeMap<>();
        store.scanLive(KeyRange.ALL, (k, p) -> {
            out.put(k, p);
            return true;
        });
        return out;
    }

    private static List<Difference> expected(Map<String, Payload> source, Map<String, Payload> target) {
        List<Difference> out = new ArrayList<>();
        TreeMap<String, Boolean> keys = new TreeMap<>();
        source.keySet().forEach(k -> keys.put(k, true));
        target.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            Payload s = source.get(k);
            Payload t = target.get(k);
            if (s == null) {
                out.add(new Difference(k, Difference.Kind.EXTRA_ON_TARGET));
            } else if (t == null) {
                out.add(new Difference(k, Difference.Kind.MISSING_ON_TARGET));
            } else if (!RowHash.of(k, s).sameAs(RowHash.of(k, t))) {
                out.add(new Difference(k, Difference.Kind.CHANGED));
            }
        }
        return out;
    }

    @Property(tries = 150)
    void findsExactlyTheRowsChangedBehindTheSyncAndTheRepairMakesBothSidesEqual(
            @ForAll @IntRange(min = 1, max = 400) int rows, @ForAll @IntRange(min = 0, max = 12) int edits,
            @ForAll @IntRange(min = 2, max = 8) int parts, @ForAll @IntRange(min = 1, max = 20) int listAt,
            @ForAll long seed) throws Exception {
        Pair p = Pair.synced(rows);
        Random random = new Random(seed);
        SyncState old = SyncState.of(S, 0, Instant.parse("2025-01-01T00:00:00Z")); // a change both sides know
        for (int i = 0; i < edits; i++) {
            InMemoryRecordStore side = random.nextBoolean() ? p.sourceStore() : p.targetStore();
            int k = random.nextInt(rows + 5); // some keys beyond the table: inserts
            switch (random.nextInt(3)) {
                case 0 -> side.overwriteBehindTheSync(key(k), old, row("edited" + random.nextInt(3)));
                case 1 -> side.overwriteBehindTheSync(key(k), old, null);
                default -> side.overwriteBehindTheSync(key(k), old, row("v" + k));
            }
        }
        List<Difference> want = expected(content(p.sourceStore()), content(p.targetStore()));
        assertThat(p.sourceStore().digest().sameTicks(p.targetStore().digest())).isTrue();

        VerifyReport report = p.verify(parts, listAt);

        assertThat(report.differences()).containsExactlyElementsOf(want);
        p.source().reissue(report.keys());
        assertThat(p.pass()).isEqualTo(want.size());
        assertThat(content(p.targetStore())).isEqualTo(content(p.sourceStore()));
        assertThat(p.verify(parts, listAt).differences()).isEmpty();
    }

    @Test
    void oneEditedRowInTenThousandIsFoundInLogarithmicRounds() throws Exception {
        Pair p = Pair.synced(10_000);
        p.targetStore().overwriteBehindTheSync(key(4242), null, row("edited"));

        VerifyReport report = p.verify(16, 16);

        assertThat(report.differences()).containsExactly(new Difference(key(4242), Difference.Kind.CHANGED));
        // 10,000 rows: 625, 40, 3 rows a part after three splits, listed in the fourth round
        assertThat(report.rounds()).isEqualTo(4);
        assertThat(report.roundTrips()).isEqualTo(8);
        assertThat(report.rowsListed()).isLessThan(100);
    }

    @Test
    void collectionsInSyncTakeOneRound() throws Exception {
        Pair p = Pair.synced(1000);

        VerifyReport report = p.verify(16, 16);

        assertThat(report.differences()).isEmpty();
        assertThat(report.rounds()).isEqualTo(1);
        assertThat(report.roundTrips()).isEqualTo(2);
        assertThat(report.rangesCompared()).isEqualTo(16);
    }

    @Test
    void anEmptyTargetListsEverySourceRowAsMissing() throws Exception {
        InMemoryRecordStore s = new InMemoryRecordStore(S, 1);
        RecordCollection source = new RecordCollection(s, CLOCK);
        for (int i = 0; i < 300; i++) {
            source.put(key(i), row("v" + i));
        }
        InMemoryRecordStore t = new InMemoryRecordStore(T, 2);

        VerifyReport report = new VerifyPass(VerifySide.local(s), VerifySide.local(t), 4, 8).run();

        assertThat(report.count(Difference.Kind.MISSING_ON_TARGET)).isEqualTo(300);
        VerifyReport back = new VerifyPass(VerifySide.local(t), VerifySide.local(s), 4, 8).run();
        assertThat(back.count(Difference.Kind.EXTRA_ON_TARGET)).isEqualTo(300);
    }

    @Test
    void aRowHashIgnoresTheKindAndPropertyOrderAndNameCase() {
        Payload a = Payload.of("account", Map.of("Name", "x", "city", "y"));
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        ordered.put("city", "y");
        ordered.put("name", "x");
        Payload b = Payload.of("customer", ordered);
        Map<String, String> nil = new java.util.LinkedHashMap<>();
        nil.put("city", null);
        nil.put("name", "x");

        assertThat(RowHash.of("k", a).sameAs(RowHash.of("k", b))).isTrue();
        assertThat(RowHash.of("k", a).sameAs(RowHash.of("k2", b))).isFalse();
        assertThat(RowHash.of("k", Payload.of("c", nil)).sameAs(RowHash.of("k", Payload.of("c", Map.of("city", "",
                "name", "x"))))).isFalse();
        assertThat(RowHash.parse("k", RowHash.of("k", a).hex())).isEqualTo(RowHash.of("k", a));
    }

    @Test
    void badParametersAreRefusedInWords() {
        assertThatThrownBy(() -> new VerifyRequest(1, 10, List.of())).hasMessage("parts must be 2 to 256, not 1");
        assertThatThrownBy(() -> new KeyRange("a", "a")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> RangeFingerprint.parse(1, "xyz")).hasMessage("a hash is 32 hex digits, not 'xyz'");
    }

    @Test
    void sidesOrderingKeysDifferentlyStillGetExactlyTheDifferingRows() throws Exception {
        InMemoryRecordStore codePoints = new InMemoryRecordStore(S, 1);
        RecordCollection source = new RecordCollection(codePoints, CLOCK);
        OtherOrderStore caseFirst = new OtherOrderStore();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String k = (random.nextBoolean() ? "K" : "k") + (char) ('a' + random.nextInt(26)) + i;
            source.put(k, row("v" + i));
            caseFirst.put(k, i == 1234 ? row("edited") : row("v" + i));
        }
        String edited = content(codePoints).keySet().stream().filter(k -> k.endsWith("1234")).findFirst().orElseThrow();

        VerifyReport report = new VerifyPass(VerifySide.local(codePoints), VerifySide.local(caseFirst), 4, 16).run();

        assertThat(report.differences()).containsExactly(new Difference(edited, Difference.Kind.CHANGED));
    }
}
