package dev.tributary.node.cli;

/**
 * A line on standard error when the process is stopped (Ctrl-C, SIGTERM) while a piece of work runs, saying what
 * to do next, such as {@code records sync}'s "run the same command again to resume". A shutdown hook, registered
 * by {@link #during} for the work's length only: a run that ends by itself prints nothing.
 */
final class InterruptNotice {
    private InterruptNotice() {
    }

    /** Work that may throw. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work}; if the process is stopped meanwhile, prints {@code line} (after the progress bars). */
    static <T> T during(String line, Work<T> work) throws Exception {
        return during(() -> line, () -> {
        }, work);
    }

    /**
     * Runs {@code work}; if the process is stopped meanwhile, runs {@code report} (which says on standard output what
     * the work had done) once the progress bars ended, then prints {@code line}.
     */
    static <T> T during(String line, Runnable report, Work<T> work) throws Exception {
        return during(() -> line, report, work);
    }

    /**
     * Runs {@code work}; if the process is stopped meanwhile, prints the line {@code line} gives then (such as how much
     * was done), after the progress bars.
     */
    static <T> T during(java.util.function.Supplier<String> line, Work<T> work) throws Exception {
        return during(line, () -> {
        }, work);
    }

    private static <T> T during(java.util.function.Supplier<String> line, Runnable report, Work<T> work)
            throws Exception {
        Thread notice = new Thread(() -> {
            Progress.finishBars(); // the bars end above the line, not drawn again below it
            report.run();
            System.err.println(line.get());
            System.err.flush();
        }, "interrupt-notice");
        Runtime.getRuntime().addShutdownHook(notice);
        try {
            return work.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException shuttingDown) {
                // the process is stopping: the notice runs
            }
        }
    }
}
