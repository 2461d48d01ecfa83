package dev.tributary.node.cli;

import java.util.Locale;

/**
 * One task's bar on a terminal ({@link TerminalBoard}): {@code Node B [=======>    ] 1532/3000 blocks 51% 271.3
 * blocks/s 0:05}. Its rate is the units done since the bar began over the time since then, the figure a summary
 * computes; its last line ({@link #close}) shows where the task ended, at its true total, with its rate however
 * short the task (a running bar waits half a second before showing one, so as not to print noise).
 */
final class TerminalBar implements Progress.Bar {
    private static final int BAR_WIDTH = 20;
    private final TerminalBoard board;
    private final String task;
    private final String unit;
    private final long startedAt = System.nanoTime();
    private volatile long max;
    private volatile long done;
    private volatile long endedAt;

    TerminalBar(TerminalBoard board, String task, long max, String unit) {
        this.board = board;
        this.task = task;
        this.unit = unit.strip();
        this.max = Math.max(Progress.UNKNOWN, max);
        board.add(this);
    }

    @Override
    public void stepTo(long done) {
        if (endedAt == 0) {
            this.done = done;
        }
    }

    @Override
    public void maxHint(long max) {
        this.max = Math.max(Progress.UNKNOWN, max);
    }

    @Override
    public synchronized void close() {
        if (endedAt == 0) {
            endedAt = System.nanoTime();
            board.finish(this);
        }
    }

    /** The line while the task runs. */
    String line(long now) {
        return render(now, false);
    }

    /** The line once it ended. */
    String finalLine() {
        return render(endedAt, true);
    }

    private String render(long now, boolean ended) {
        long d = done;
        long total = max;
        double seconds = (now - startedAt) / 1e9;
        String rate = seconds > 0 && (ended || seconds >= 0.5) ? String.format(Locale.ROOT, "%s %s/s", rate(d / seconds), unit) : "";
        String time = ended ? String.format(Locale.ROOT, "in %.1f s", seconds) : clock(seconds);
        if (total < 0) { // not known: no bar to fill, no percentage
            return String.format(Locale.ROOT, "%-12s [%s] %d/? %s %s %s", task, " ".repeat(BAR_WIDTH), d, unit, rate,
                    time).stripTrailing();
        }
        long m = Math.max(total, d);
        int filled = m == 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, d * BAR_WIDTH / m);
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
        return String.format(Locale.ROOT, "%-12s [%s] %d/%d %s %3d%% %s %s", task, bar, d, m, unit,
                m == 0 ? 100 : d * 100 / m, rate, time).stripTrailing();
    }

    /** A rate with a leading digit always ({@code 0.7}, not {@code .7}). */
    static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
