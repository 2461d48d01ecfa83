package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.records.HttpSyncPass;
import dev.tributary.node.records.RecordsSync;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code records sync} prints of a pass: in words, each entry applied, kept or skipped, so that a pass with more
 * conflicts than entries applied reads plainly; and the summary line scripts read, with the same three counts.
 */
class PassWordsTest {
    /** 4 entries: 1 applied over a conflicting copy, 3 conflicts the target won. */
    private static final HttpSyncPass.Summary CONFLICTS = new HttpSyncPass.Summary(1, 4, 1, 4, 3, 0, 4, true);

    @Test
    void aPassSaysWhatBecameOfEachEntry() {
        assertThat(PassWords.of(CONFLICTS)).isEqualTo("4 entries in 1 page: 1 applied (1 over the target's copy: a"
                + " conflict the source won), 3 kept the target's copy (conflicts the target won); 4 round trips");
        assertThat(PassWords.of(new HttpSyncPass.Summary(2, 1892, 1890, 0, 0, 2, 9, true))).isEqualTo("1892 entries in"
                + " 2 pages: 1890 applied, 2 skipped (the target had them already, or newer); 9 round trips");
        assertThat(PassWords.of(new HttpSyncPass.Summary(0, 0, 0, 0, 0, 0, 1, true)))
                .isEqualTo("in sync, nothing to send; 1 round trip");
    }

    @Test
    void anInterruptedPassSaysWhatTheTargetConfirmedAndThatTheCommandCompletesIt() {
        assertThat(PassWords.soFar(new HttpSyncPass.Summary(65, 65000, 65000, 0, 0, 0, 133, true)))
                .isEqualTo("interrupted; the target had answered for 65000 entries in 65 pages: 65000 applied; run"
                        + " the same command again to complete it");
        assertThat(PassWords.soFar(new HttpSyncPass.Summary(0, 0, 0, 0, 0, 0, 1, true)))
                .isEqualTo("interrupted; the target had answered for no page yet; run the same command again to"
                        + " complete it");
    }

    @Test
    void theSummaryLineCountsKeptAndSkippedBesideAppliedAndConflicts() {
        RecordsSync.Result r = new RecordsSync.Result(List.of(new RecordsSync.Pass(URI.create("http://a/records/c"),
                URI.create("http://b/records/c"), CONFLICTS)), Duration.ofMillis(580));
        assertThat(r.line()).isEqualTo("records sync: passes=1 pages=1 entries=4 applied=1 conflicts=4 kept=3"
                + " skipped=0 round_trips=4 seconds=0.58");
        assertThat(r.line("records sync: interrupted")).startsWith("records sync: interrupted passes=1 pages=1");
    }
}
