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
    /** The fewest characters a shortened task name keeps beside the bar; below, the bar goes. */
    private static final int MIN_TASK_WITH_BAR = 30;
    /** The fewest characters a shortened task name keeps. */
    private static final int MIN_TASK = 12;
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
    public synchronized void maxHint(long max) {
        this.max = Progress.hintedMax(this.max, max);
    }

    @Override
    public synchronized void close() {
        if (endedAt == 0) {
            endedAt = System.nanoTime();
            board.finish(this);
        }
    }

    /** The line while the task runs, at most {@code width - 1} characters (see {@link #fit}). */
    String line(long now, int width) {
        return render(now, false, width);
    }

    /** The line once it ended, at most {@code width - 1} characters. */
    String finalLine(int width) {
        return render(endedAt, true, width);
    }

    private String render(long now, boolean ended, int width) {
        long d = done;
        long total = max;
        double seconds = (now - startedAt) / 1e9;
        String rate = seconds > 0 && d > 0 && (ended || seconds >= 0.5)
                ? String.format(Locale.ROOT, "%s %s/s", rate(d / seconds), unit) : "";
        // a task that ended short of its total, or with nothing done (failed, stopped), was not done "in" that time
        boolean whole = total >= 0 ? d >= total : d > 0;
        String time = ended ? String.format(Locale.ROOT, whole ? "in %.1f s" : "ended after %.1f s", seconds)
                : clock(seconds);
        String bar;
        String figures;
        if (total < 0) { // not known: no bar to fill, no percentage
            bar = " ".repeat(BAR_WIDTH);
            figures = words(d + "/?", unit, rate, time);
        } else {
            long m = Math.max(total, d);
            int filled = m == 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, d * BAR_WIDTH / m);
            bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
            figures = words(d + "/" + m, unit, String.format(Locale.ROOT, "%3d%%", m == 0 ? 100 : d * 100 / m), rate, time);
        }
        return fit(task, bar, figures, width - 1);
    }

    /** The non-empty parts, a space between each. */
    private static String words(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                b.append(b.length() > 0 ? " " : "").append(p);
            }
        }
        return b.toString();
    }

    /**
     * {@code task [bar] figures} in at most {@code room} characters, the figures kept whole as long as they fit: a
     * long task name (a URL, a pair of them) is shortened in its middle, down to {@value #MIN_TASK_WITH_BAR}
     * characters with the bar, then the bar goes and it may shrink to {@value #MIN_TASK}; what is still too long is
     * cut at the end.
     */
    static String fit(String task, String bar, String figures, int room) {
        String full = String.format(Locale.ROOT, "%-12s [%s] %s", task, bar, figures);
        if (full.length() <= room) {
            return full;
        }
        int forTask = room - (bar.length() + 4 + figures.length());
        if (forTask >= MIN_TASK_WITH_BAR) {
            return shorten(task, forTask) + " [" + bar + "] " + figures;
        }
        String noBar = shorten(task, Math.max(MIN_TASK, room - 1 - figures.length())) + " " + figures;
        return noBar.length() <= room ? noBar : noBar.substring(0, Math.max(0, room));
    }

    /** {@code text} in at most {@code max} characters, its middle replaced by "..." when it is longer. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int keep = max - 3;
        int head = (keep + 1) / 2;
        return text.substring(0, head) + "..." + text.substring(text.length() - (keep - head));
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
