package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress as plain lines, on virtual time: what a log of a long task looks like. */
class LoggedProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    private List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        return text.lines().toList();
    }

    @Test
    void aLineAtTheStartAtEachTenthAndAtTheEnd() {
        try (LoggedProgress bar = new LoggedProgress("Headers", 1000, " headers", out, now::get)) {
            for (int i = 1; i <= 1000; i++) {
                bar.stepTo(i);
            }
            now.addAndGet(400_000_000L);
        }
        assertThat(lines()).containsExactly(
                "Headers: 0/1000 headers (0%)",
                "Headers: 100/1000 headers (10%)", "Headers: 200/1000 headers (20%)", "Headers: 300/1000 headers (30%)",
                "Headers: 400/1000 headers (40%)", "Headers: 500/1000 headers (50%)", "Headers: 600/1000 headers (60%)",
                "Headers: 700/1000 headers (70%)", "Headers: 800/1000 headers (80%)", "Headers: 900/1000 headers (90%)",
                "Headers: 1000/1000 headers (100%) after 0.4 s, 2500 headers/s");
    }

    @Test
    void aSlowTaskGetsALineEveryIntervalWhileItMovesAndNoneWhileItStands() {
        try (LoggedProgress bar = new LoggedProgress("Blocks", 1000, " blocks", out, now::get)) {
            bar.stepTo(10);
            now.addAndGet(LoggedProgress.INTERVAL_NANOS);
            bar.stepTo(20);
            bar.stepTo(30);
            now.addAndGet(LoggedProgress.INTERVAL_NANOS);
            bar.stepTo(30);
            now.addAndGet(LoggedProgress.INTERVAL_NANOS);
            bar.stepTo(30);
            now.addAndGet(LoggedProgress.INTERVAL_NANOS);
        }
        assertThat(lines()).containsExactly("Blocks: 0/1000 blocks (0%)", "Blocks: 20/1000 blocks (2%)",
                "Blocks: 30/1000 blocks (3%)", "Blocks: ended after 20.0 s, 1.5 blocks/s");
    }

    @Test
    void aTaskThatStopsShortEndsOnWhereItStood() {
        try (LoggedProgress bar = new LoggedProgress("Blocks", 1000, " KiB", out, now::get)) {
            bar.stepTo(5);
            now.addAndGet(1_500_000_000L);
        }
        assertThat(lines()).containsExactly("Blocks: 0/1000 KiB (0%)", "Blocks: 5/1000 KiB (0%) after 1.5 s, 3.3 KiB/s");
    }

    @Test
    void aGrowingTotalIsFollowedWithoutRepeatingALineAndNothingFollowsTheEnd() {
        LoggedProgress bar = new LoggedProgress("Headers", 1, " blocks", out, now::get);
        bar.maxHint(100);
        bar.maxHint(100);
        bar.stepTo(50);
        bar.stepTo(50);
        bar.maxHint(200);
        bar.stepTo(200);
        bar.close();
        bar.stepTo(300);
        bar.close();

        assertThat(lines()).containsExactly("Headers: 0/1 blocks (0%)", "Headers: 50/100 blocks (50%)",
                "Headers: 50/200 blocks", "Headers: 200/200 blocks (100%) after 0.0 s");
    }

    @Test
    void aTotalNotKnownIsShownAsUnknownAndAnEmptyTaskAsDone() {
        LoggedProgress bar = new LoggedProgress("a -> b", Progress.UNKNOWN, " entries", out, now::get);
        bar.maxHint(Progress.UNKNOWN);
        bar.maxHint(0);
        bar.close();
        LoggedProgress growing = new LoggedProgress("b -> a", Progress.UNKNOWN, " entries", out, now::get);
        growing.maxHint(40);
        growing.stepTo(40);
        growing.close();

        assertThat(lines()).containsExactly("a -> b: started (total not known yet)",
                "a -> b: 0/0 entries (100%) after 0.0 s", "b -> a: started (total not known yet)",
                "b -> a: 0/40 entries (0%)", "b -> a: 40/40 entries (100%) after 0.0 s");
    }

    /**
     * A total that grows once the count reached it (a sync whose peers announce more, the block bar whose total is the
     * header tip), a count past its total, a total that goes back to unknown: the log still only goes forward (a line
     * whose share would be smaller than one printed shows none), never shows a count beyond its total, and says 100%
     * once, on its last line.
     */
    @Test
    void theLinesOnlyGoForwardAndOnlyTheLastSaysAllIsDone() {
        try (LoggedProgress bar = new LoggedProgress("Blocks", Progress.UNKNOWN, " blocks", out, now::get)) {
            bar.maxHint(100);
            bar.stepTo(50);
            bar.stepTo(90);
            bar.stepTo(100);
            bar.maxHint(200);
            bar.stepTo(110);
            bar.maxHint(Progress.UNKNOWN);
            bar.stepTo(190);
            bar.stepTo(100);
            bar.stepTo(260);
            now.addAndGet(2_000_000_000L);
        }
        assertThat(lines()).containsExactly("Blocks: started (total not known yet)", "Blocks: 0/100 blocks (0%)",
                "Blocks: 50/100 blocks (50%)", "Blocks: 90/100 blocks (90%)", "Blocks: 100/200 blocks",
                "Blocks: 190/200 blocks (95%)",
                "Blocks: 260/260 blocks (100%) after 2.0 s, 130 blocks/s");
    }
}
