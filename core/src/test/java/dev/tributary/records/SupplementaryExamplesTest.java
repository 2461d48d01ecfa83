package dev.tributary.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The specification's smaller examples (SData sync 2.1, 2.3, 2.5, 5.5) from {@code conflict-cases.json}. */
class SupplementaryExamplesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static JsonNode example(String name) {
        return SdataCases.root().get("supplementary_examples").get(name);
    }

    /** A digest from {@code [[endpoint, tick], ...]} or {@code [[endpoint, tick, priority], ...]}. */
    private static Digest pairs(JsonNode list) {
        List<DigestEntry> entries = new ArrayList<>();
        for (JsonNode p : list) {
            entries.add(new DigestEntry(p.get(0).asText(), p.get(1).asLong(), null, p.size() > 2 ? p.get(2).asInt() : 1));
        }
        return Digest.of(null, entries);
    }

    @Test
    void vectorClocksCompareAs2_1Says() {
        for (JsonNode row : example("vector_clock_comparison_2_1").get("rows")) {
            ClockOrder expected = switch (row.get("relation").asText()) {
                case "equal" -> ClockOrder.EQUAL;
                case "VR1 < VR2" -> ClockOrder.BEFORE;
                case "VR1 > VR2" -> ClockOrder.AFTER;
                default -> ClockOrder.CONCURRENT;
            };
            assertThat(pairs(row.get("VR1")).compareTo(pairs(row.get("VR2")))).as(row.toString()).isEqualTo(expected);
        }
    }

    /**
     * 2.3 compares whole digests; restated as the 5.4 resolution, the record's copy on VR1's side was last changed by
     * the endpoint whose tick VR1 holds higher, and VR2's by the one VR2 holds higher, each stamped as the row says.
     */
    @Test
    void prioritiesThenStampsDecideAs2_3Says() {
        for (JsonNode row : example("priority_resolution_2_3").get("rows")) {
            Digest vr1 = pairs(row.get("VR1"));
            Digest vr2 = pairs(row.get("VR2"));
            String vr1Changer = null;
            String vr2Changer = null;
            for (DigestEntry e : vr1.entries()) {
                if (e.tick() > vr2.tick(e.endpoint()) && vr1Changer == null) {
                    vr1Changer = e.endpoint();
                }
                if (e.tick() < vr2.tick(e.endpoint()) && vr2Changer == null) {
                    vr2Changer = e.endpoint();
                }
            }
            SyncState s = SyncState.of(vr1Changer, vr1.tick(vr1Changer) - 1, hhmm(row.get("VR1_stamp").asText()));
            SyncState t = SyncState.of(vr2Changer, vr2.tick(vr2Changer) - 1, hhmm(row.get("VR2_stamp").asText()));

            ConflictRule.Decision d = ConflictRule.decide(vr1, vr2, s, t);

            Outcome expected = row.get("winner").asText().equals("VR1") ? Outcome.CONFLICT_WON_BY_SOURCE
                    : Outcome.CONFLICT_WON_BY_TARGET;
            assertThat(d.outcome()).as(row.get("case").asText()).isEqualTo(expected);
        }
    }

    private static Instant hhmm(String text) {
        return Instant.parse("2009-01-01T" + text + ":00Z");
    }

    @Test
    void selectionAndDigestsOfBothPassesOf2_5() {
        JsonNode ex = example("change_selection_2_5");
        for (String pass : List.of("pass_N1_to_N2", "pass_N2_to_N1")) {
            JsonNode p = ex.get(pass);
            Digest source = SdataCases.digest(p.get("source_digest"));
            Digest target = SdataCases.digest(p.get("target_digest_before"));
            List<String> ranges = new ArrayList<>();
            for (TickRange r : ChangeSelection.between(source, target)) {
                ranges.add(r.endpoint() + " [" + r.fromInclusive() + "," + r.toExclusive() + "[");
            }
            List<String> expected = new ArrayList<>();
            for (JsonNode s : p.get("select")) {
                expected.add(s.get("endpoint").asText() + " " + s.get("tick_range").asText());
            }
            assertThat(ranges).as(pass).isEqualTo(expected);
            assertThat(SdataCases.ticks(target.mergedWith(source))).as(pass)
                    .isEqualTo(SdataCases.ticks(SdataCases.digest(p.get("target_digest_after"))));
        }
        for (JsonNode r : ex.get("with_figure_2_4_resources").get("resources")) {
            SyncState s = SyncState.of(r.get("state").get("endpoint").asText(), r.get("state").get("tick").asLong(), null);
            boolean selected = ChangeSelection.between(SdataCases.digest(ex.get("pass_N1_to_N2").get("source_digest")),
                    SdataCases.digest(ex.get("pass_N1_to_N2").get("target_digest_before"))).stream()
                    .anyMatch(range -> range.endpoint().equals(s.endpoint()) && range.contains(s.tick()));
            assertThat(selected).as(r.get("name").asText()).isEqualTo(r.get("selected_for_N1_to_N2").asBoolean());
        }
    }

    @Test
    void digestUpdatesPerEntryAndAtTheEndOfACatchUpFeedAs5_5Says() {
        JsonNode ex = example("digest_update_5_5");
        List<String> columns = new ArrayList<>();
        ex.get("column_order").forEach(c -> columns.add(c.asText()));
        Digest target = null;
        for (JsonNode step : ex.get("table1")) {
            if (step.has("t")) {
                Digest listed = row(columns, step.get("t"));
                if (target != null) {
                    assertThat(target.sameTicks(listed)).as(step.get("step").asText()).isTrue();
                }
                target = listed;
            } else {
                JsonNode e = step.get("entry");
                target = target.afterChange(SyncState.of(e.get(0).asText(), e.get(1).asLong(), null), 9, NOW);
            }
        }
        JsonNode t2 = ex.get("table2_end_of_feed_catchUp");
        Digest merged = row(columns, t2.get("target_before")).mergedWith(row(columns, t2.get("source")));
        assertThat(merged.sameTicks(row(columns, t2.get("target_after")))).isTrue();
    }

    private static Digest row(List<String> columns, JsonNode ticks) {
        List<DigestEntry> entries = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            entries.add(new DigestEntry(columns.get(i), ticks.get(i).asLong(), null, i + 1));
        }
        return Digest.of(null, entries);
    }
}
