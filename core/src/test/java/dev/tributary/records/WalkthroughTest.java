package dev.tributary.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The specification's walkthroughs (SData sync 5.1-5.8) as {@code conflict-cases.json} restates them. */
class WalkthroughTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String APP1 = "http://www.example.com/sdata/myApp1/myContract/-/accounts";
    private static final String APP2 = "http://www.example.com/sdata/myApp2/myContract/-/accounts";
    private static final String APP3 = "http://www.example.com/sdata/sageApp3/test/-/accounts";

    private static Payload account(String name) {
        return Payload.of("account", Map.of("name", name));
    }

    @Test
    void catchUpSelectsTheRangesAppliesBothEntriesAndRaisesTheDigestAtTheEnd() {
        JsonNode w = SdataCases.root().get("walkthrough_catchup");
        Digest sourceDigest = SdataCases.digest(w.get("sourceDigest"));
        Digest targetDigest = SdataCases.digest(w.get("targetDigest_before")).withOrigin(APP2);

        List<TickRange> expected = new ArrayList<>();
        for (JsonNode c : w.get("source_selection_per_2_5").get("clauses")) {
            expected.add(new TickRange(c.get("endpoint").asText(), c.get("tick_from_inclusive").asLong(),
                    c.get("tick_to_exclusive").asLong()));
        }
        assertThat(ChangeSelection.between(sourceDigest, targetDigest)).isEqualTo(expected);

        // The source holds the two changes the walkthrough shows; the target a copy of the second one, older.
        JsonNode entries = w.get("feed_page1").get("entries");
        InMemoryRecordStore source = new InMemoryRecordStore(APP1, 2);
        List<Record> shown = new ArrayList<>();
        for (JsonNode e : entries) {
            shown.add(Record.live(e.get("uuid").asText(), SdataCases.state(e.get("syncState")),
                    account(e.get("payload_summary").asText())));
        }
        source.commit(shown, sourceDigest);
        InMemoryRecordStore target = new InMemoryRecordStore(APP2, 1);
        target.commit(List.of(Record.live(shown.get(1).uuid(), SyncState.of(APP3, 7, null), account("old"))),
                targetDigest);

        SourcePass pass = SourcePass.start(source, target.digest());
        SourcePass.Page page = pass.page(FeedCursor.START, 10);
        assertThat(page.page().entries()).isEqualTo(shown);
        assertThat(page.next()).isNull();

        // Per entry (5.5 table 1): apply the page as if it were not the last.
        FeedPage notLast = new FeedPage(SyncMode.CATCH_UP, sourceDigest, page.page().entries(), false);
        TargetApplier.Processed p = (TargetApplier.Processed) TargetApplier.apply(notLast, target, NOW);
        assertThat(p.results()).extracting(EntryResult::outcome).containsExactly(Outcome.APPLIED, Outcome.APPLIED);
        assertThat(p.results()).extracting(EntryResult::httpMethod).containsExactly("POST", "PUT");
        assertThat(SdataCases.ticks(target.digest()))
                .isEqualTo(SdataCases.ticks(SdataCases.digest(entries.get(1).get("target_digest_after_entry"))));

        // End of the feed (5.5 table 2).
        TargetApplier.apply(new FeedPage(SyncMode.CATCH_UP, sourceDigest, List.of(), true), target, NOW);
        assertThat(SdataCases.ticks(target.digest()))
                .isEqualTo(SdataCases.ticks(SdataCases.digest(w.get("expected_target_digest_after"))));
        assertThat(target.digest().origin()).isEqualTo(APP2);
        assertThat(target.get(shown.get(0).uuid())).contains(shown.get(0));
    }

    private static FeedPage immediateFeed(JsonNode w, long tick) {
        JsonNode e = w.get("feed").get("entries").get(0);
        SyncState s = SyncState.of(e.get("syncState").get("endpoint").asText(), tick,
                SdataCases.stamp(e.get("syncState").get("stamp")));
        Digest digest = SdataCases.digest(w.get("sourceDigest_after_change"));
        // A source that made changes up to this tick says so in its digest (else the feed is refused as inconsistent).
        digest = digest.afterChange(s, 1, s.stamp());
        return new FeedPage(SyncMode.IMMEDIATE, digest,
                List.of(Record.live(e.get("uuid").asText(), s, account("Chemical Brothers Inc."))), true);
    }

    private static InMemoryRecordStore immediateTarget(JsonNode w) {
        JsonNode t = w.get("targetDigest_before");
        InMemoryRecordStore target = new InMemoryRecordStore(APP2, 1);
        Digest before = Digest.of(APP2, List.of(new DigestEntry(APP1, t.get("myApp1").asLong(), null, 2),
                new DigestEntry(APP2, t.get("myApp2").asLong(), null, 1),
                new DigestEntry(APP3, t.get("sageApp3").asLong(), null, 3)));
        JsonNode inferred = w.get("targetState").get("inferred");
        target.commit(List.of(Record.live(w.get("feed").get("entries").get(0).get("uuid").asText(),
                SdataCases.state(inferred), account("before"))), before);
        return target;
    }

    @Test
    void anImmediatePushIsContiguousAppliedAndSkipsTheEndOfFeedMax() {
        JsonNode w = SdataCases.root().get("walkthrough_immediate");
        InMemoryRecordStore target = immediateTarget(w);
        FeedPage feed = immediateFeed(w, w.get("feed").get("entries").get(0).get("syncState").get("tick").asLong());
        assertThat(feed.digest().origin()).as("the example's digest has no origin").isNull();

        TargetApplier.Reply reply = TargetApplier.apply(feed, target, NOW);

        assertThat(reply).isInstanceOf(TargetApplier.Processed.class);
        EntryResult r = ((TargetApplier.Processed) reply).results().get(0);
        assertThat(r.outcome()).isEqualTo(SdataCases.outcome(w.get("expected_outcome").asText()));
        assertThat(r.step()).isEqualTo(ConflictRule.Step.SOURCE_KNOWS_TARGET);
        JsonNode after = w.get("expected_target_digest_after");
        assertThat(target.digest().tick(APP1)).isEqualTo(after.get("myApp1").asLong());
        assertThat(target.digest().tick(APP2)).isEqualTo(after.get("myApp2").asLong());
        assertThat(target.digest().tick(APP3)).isEqualTo(after.get("sageApp3").asLong());
    }

    @Test
    void anImmediatePushWithAGapIsRefusedAndChangesNothing() {
        JsonNode w = SdataCases.root().get("walkthrough_immediate");
        InMemoryRecordStore target = immediateTarget(w);
        Digest before = target.digest();
        Record recordBefore = target.get(w.get("feed").get("entries").get(0).get("uuid").asText()).orElseThrow();

        TargetApplier.Reply reply = TargetApplier.apply(immediateFeed(w, 8), target, NOW);

        assertThat(reply).isInstanceOf(TargetApplier.Refused.class);
        assertThat(((TargetApplier.Refused) reply).problem()).contains("gap", "tick 8", "up to tick 5");
        assertThat(target.digest()).isEqualTo(before);
        assertThat(target.get(recordBefore.uuid())).contains(recordBefore);
    }
}
