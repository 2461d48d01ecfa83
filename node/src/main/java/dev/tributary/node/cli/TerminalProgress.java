package dev.tributary.node.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on a terminal's standard error, redrawn in place (progressbar's console bar). */
final class TerminalProgress implements Progress.Bar {
    /** Whether a bar's line on standard error has been drawn and not yet ended by a newline. */
    private static final AtomicBoolean LINE_OPEN = new AtomicBoolean();

    private final ProgressBar bar;

    TerminalProgress(String task, long max, String unit) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, max))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new LineTrackingConsumer())
                .setUpdateIntervalMillis(250)
                .setUnit(unit, 1)
                .showSpeed()
                .continuousUpdate()
                .build();
    }

    @Override
    public void stepTo(long done) {
        bar.stepTo(done);
    }

    @Override
    public void maxHint(long max) {
        bar.maxHint(max);
    }

    @Override
    public void close() {
        bar.close();
    }

    /**
     * Ends a bar's line that was left open: progressbar 0.10.1 closes a bar that its timer has not drawn yet with
     * a last drawing and no newline.
     */
    static void endOpenLine() {
        if (LINE_OPEN.getAndSet(false)) {
            System.err.println();
            System.err.flush();
        }
    }

    /** Draws on standard error and records whether the line is open. */
    private static final class LineTrackingConsumer extends ConsoleProgressBarConsumer {
        LineTrackingConsumer() {
            super(System.err);
        }

        @Override
        public void accept(String rendered) {
            super.accept(rendered);
            LINE_OPEN.set(true);
        }

        @Override
        public void close() {
            super.close();
            LINE_OPEN.set(false);
        }
    }
}
