package dev.tributary.node.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for a standard error that is not a terminal (a file, a pipe, a CI log), where a bar
 * redrawn with carriage returns would pile up on one line: {@code Headers: 4096/10237 headers (40%)}, or
 * {@code Entries: 4096/? entries} while the total is not known. A line is
 * written when the task starts ({@code Headers: 0/10237 headers (0%)}, or {@code Entries: started (total not known
 * yet)}), each time the work done crosses another tenth of the whole, at most every
 * {@link #INTERVAL_NANOS} otherwise while the count moves, and when the task ends, with its duration
 * and rate over the whole task ({@code Headers: 10237/10237 headers (100%) after 0.4 s, 25592 headers/s}, or
 * {@code Headers: ended after 0.4 s, 25592 headers/s} when the last line already said where it stood); never the
 * same count and total twice.
 *
 * <p>The lines read as a log should: the count never goes back (a smaller one waits until it is no longer smaller);
 * the percentage never goes back either: a line whose share is smaller than one already printed, because the total
 * grew, shows the count and the new total without one ({@code Blocks: 90/200 blocks}) until the share is back; the
 * count is never shown beyond its total (the total shown is at least the count); a known total does not turn back
 * into {@code ?}; and 100% is said only by the last line, when the task ended: a total that grows at the end (a sync
 * whose peers announce more, the block bar whose total is the header tip) would otherwise follow a 100% line with a
 * smaller share.
 */
final class LoggedProgress implements Progress.Bar {
    /** Longest quiet time while the count moves. */
    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final String task;
    private final String unit;
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long startedAt;
    private long max;
    private long done;
    private long lastPrintedAt;
    private long lastPrintedDone = -1;
    private long lastPrintedMax = -1;
    /** The largest share printed, -1 before any: a line whose share is smaller (the total grew) shows none. */
    private long mostPercent = -1;
    private boolean closed;

    /**
     * @param unit      the unit's name (a leading space is dropped)
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime})
     */
    LoggedProgress(String task, long max, String unit, PrintStream out, LongSupplier nanoClock) {
        this.task = task;
        this.unit = unit.strip();
        this.out = out;
        this.nanoClock = nanoClock;
        this.max = Math.max(Progress.UNKNOWN, max);
        this.startedAt = nanoClock.getAsLong();
        if (this.max < 0) {
            // "0/? entries" would say nothing: the task has started, and its total is still to be learnt
            lastPrintedAt = startedAt;
            lastPrintedDone = 0;
            lastPrintedMax = Progress.UNKNOWN;
            out.println(task + ": started (total not known yet)");
            out.flush();
        } else {
            print(startedAt, "");
        }
    }

    @Override
    public synchronized void stepTo(long done) {
        this.done = done;
        maybePrint();
    }

    @Override
    public synchronized void maxHint(long max) {
        this.max = Progress.hintedMax(this.max, max);
        maybePrint();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long now = nanoClock.getAsLong();
        double seconds = (now - startedAt) / 1e9;
        String after = String.format(Locale.ROOT, "after %.1f s", seconds)
                + (seconds >= 0.05 && done > 0 ? ", " + TerminalBar.rate(done / seconds) + " " + unit + "/s" : "");
        if (done == lastPrintedDone && total() == lastPrintedMax) {
            out.println(task + ": ended " + after);
            out.flush();
        } else {
            print(now, " " + after);
        }
    }

    private void maybePrint() {
        if (closed) {
            return;
        }
        long now = nanoClock.getAsLong();
        long total = total();
        if (total >= 0 && Math.max(0, done) >= total || done < lastPrintedDone) {
            return; // 100% is the last line's to say; a smaller count waits until it is no longer smaller
        }
        boolean newTenth = tenth(done, total) != tenth(lastPrintedDone, lastPrintedMax);
        boolean due = now - lastPrintedAt >= INTERVAL_NANOS && done != lastPrintedDone;
        if (newTenth || due) {
            print(now, "");
        }
    }

    /** The total to show: at least the count (a task may do more than it was told), or unknown. */
    private long total() {
        return max < 0 ? Progress.UNKNOWN : Math.max(max, done);
    }

    /** The whole percentage shown for a count of a total, -1 when the total is not known. */
    private static long percent(long done, long max) {
        return max < 0 ? -1 : max == 0 ? 100 : Math.min(100, Math.max(0, done) * 100 / max);
    }

    private static long tenth(long done, long max) {
        return max < 0 ? -1 : max == 0 ? 10 : Math.min(10, Math.max(0, done) * 10 / max);
    }

    private void print(long now, String suffix) {
        long total = total();
        if (done == lastPrintedDone && total == lastPrintedMax) {
            return;
        }
        lastPrintedAt = now;
        lastPrintedDone = done;
        lastPrintedMax = total;
        if (total < 0) {
            out.println(String.format(Locale.ROOT, "%s: %d/? %s%s", task, done, unit, suffix));
        } else if (percent(done, total) < mostPercent) {
            out.println(String.format(Locale.ROOT, "%s: %d/%d %s%s", task, done, total, unit, suffix));
        } else {
            mostPercent = percent(done, total);
            out.println(String.format(Locale.ROOT, "%s: %d/%d %s (%d%%)%s", task, done, total, unit, mostPercent,
                    suffix));
        }
        out.flush();
    }
}
