package dev.tributary.node.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on standard error, so that standard output keeps only results. */
public final class Progress {
    /** Whether a bar's line on standard error has been drawn and not yet ended by a newline. */
    private static final AtomicBoolean LINE_OPEN = new AtomicBoolean();

    private Progress() {
    }

    public static ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder()
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

    /**
     * Ends a bar's line that was left open, so that what follows (an {@code error:} line) starts a line of its
     * own: progressbar 0.10.1 closes a bar that its timer has not drawn yet with a last drawing and no newline.
     */
    public static void endOpenLine() {
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
