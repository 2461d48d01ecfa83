package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalBarTest {
    private static final String BAR = "==========>         ";

    @Test
    void aLineThatFitsIsLeftAsItIs() {
        assertThat(TerminalBar.fit("Node B", BAR, "1532/3000 blocks  51% 271.3 blocks/s 0:05", 79))
                .isEqualTo("Node B       [" + BAR + "] 1532/3000 blocks  51% 271.3 blocks/s 0:05");
    }

    @Test
    void aLongTaskNameIsShortenedInItsMiddleSoTheFiguresStayWhole() {
        String task = "127.0.0.1:8101/records/customers -> 127.0.0.1:8102/records/customers";
        String figures = "500/1000 entries  50% 1200 entries/s 0:01";

        String line = TerminalBar.fit(task, BAR, figures, 99);

        assertThat(line).hasSizeLessThanOrEqualTo(99).startsWith("127.0.0.1:8101/").contains("...")
                .endsWith("customers [" + BAR + "] " + figures);
    }

    @Test
    void onANarrowTerminalTheBarGoesBeforeTheFigures() {
        String task = "127.0.0.1:8101/records/customers -> 127.0.0.1:8102/records/customers";
        String figures = "500/1000 entries  50% 1200 entries/s 0:01";

        String line = TerminalBar.fit(task, BAR, figures, 79);

        assertThat(line).hasSizeLessThanOrEqualTo(79).startsWith("127.0.0.1:8101/").doesNotContain("[")
                .endsWith("customers " + figures);
    }

    /**
     * Stopped by Ctrl-C, the board ends its bars, each with its last line, and draws none after: the notice printed
     * next is the last line on the screen (the bar was erased for it and drawn again below it, as if still running).
     */
    @Test
    void aBoardFinishedForAStopDrawsNoBarAfterwards() {
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        TerminalBoard board = TerminalBoard.drawingOn(new java.io.PrintStream(screen, true), 100);
        TerminalBar bar = new TerminalBar(board, "Entries", 10, " entries");
        bar.stepTo(4);
        board.redraw();
        board.finishAll();
        String afterStop = screen.toString(java.nio.charset.StandardCharsets.UTF_8);
        board.redraw(); // the refresh that comes after
        assertThat(screen.toString(java.nio.charset.StandardCharsets.UTF_8)).as("nothing drawn after the stop")
                .isEqualTo(afterStop);
        assertThat(afterStop).endsWith(bar.finalLine(100) + "\n");
        assertThat(bar.finalLine(100)).contains("4/10 entries");
    }

    /**
     * A bar that ends short of its total (a pass that failed, a sync stopped) says it "ended after" its time, with no
     * rate of nothing, and does not read as a task done "in" that time; a whole one does.
     */
    @Test
    void aBarThatEndsShortOfItsTotalSaysItEnded() {
        TerminalBoard board = TerminalBoard.drawingOn(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), 120);
        TerminalBar failed = new TerminalBar(board, "a -> b", Progress.UNKNOWN, " entries");
        failed.close();
        assertThat(failed.finalLine(120)).contains("0/? entries ended after ").doesNotContain("entries/s")
                .doesNotContain(" in ");
        TerminalBar stopped = new TerminalBar(board, "a -> b", 10, " entries");
        stopped.stepTo(4);
        stopped.close();
        assertThat(stopped.finalLine(120)).contains("4/10 entries").contains(" ended after ");
        TerminalBar whole = new TerminalBar(board, "a -> b", 10, " entries");
        whole.stepTo(10);
        whole.close();
        assertThat(whole.finalLine(120)).contains("10/10 entries 100%").contains(" in ").doesNotContain("ended");
    }

    /** A total once known stays known: a later hint of "not known" leaves it, a new total replaces it. */
    @Test
    void aKnownTotalDoesNotTurnBackIntoAQuestionMark() {
        TerminalBoard board = TerminalBoard.drawingOn(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), 100);
        TerminalBar bar = new TerminalBar(board, "Headers", Progress.UNKNOWN, " headers");
        bar.stepTo(50);
        assertThat(bar.line(System.nanoTime(), 100)).contains("50/? headers");
        bar.maxHint(100);
        bar.maxHint(Progress.UNKNOWN);
        assertThat(bar.line(System.nanoTime(), 100)).contains("50/100 headers");
        bar.maxHint(200);
        assertThat(bar.line(System.nanoTime(), 100)).contains("50/200 headers");
    }

    @Test
    void shortenKeepsBothEnds() {
        assertThat(TerminalBar.shorten("abcdefghijklmnop", 10)).isEqualTo("abcd...nop");
        assertThat(TerminalBar.shorten("short", 10)).isEqualTo("short");
    }
}
