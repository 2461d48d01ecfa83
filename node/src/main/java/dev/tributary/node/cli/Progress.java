package dev.tributary.node.cli;

/**
 * Progress on standard error, so that standard output keeps only results: on a terminal, one bar per task, each on
 * a line of its own, redrawn in place with logs written above them ({@link TerminalBoard}); otherwise (a file, a pipe, a CI log) plain lines, one per tenth of the work
 * or every few seconds, never a carriage return ({@link LoggedProgress}).
 */
public final class Progress {
    private Progress() {
    }

    /** A total not known yet ({@link #bar}, {@link Bar#maxHint}): shown as {@code 0/? entries}, not as a guess. */
    public static final long UNKNOWN = -1;

    /** A task's progress: how much of it is done, and how much there is. Thread-safe. */
    public interface Bar extends AutoCloseable {
        /** {@code done} units of the task are done. */
        void stepTo(long done);

        /** The task turned out to have {@code max} units ({@link #UNKNOWN}: not known). */
        void maxHint(long max);

        /** The task is over (its last state is shown). */
        @Override
        void close();
    }

    /**
     * The total a bar shows after a {@link Bar#maxHint} of {@code hint} when it showed {@code current}: a known total
     * is replaced by another known one, never by {@link #UNKNOWN}, so a bar does not go back to '?'.
     */
    static long hintedMax(long current, long hint) {
        return hint >= 0 || current < 0 ? Math.max(UNKNOWN, hint) : current;
    }

    /**
     * A bar for {@code task} of {@code max} units ({@link #UNKNOWN} until {@link Bar#maxHint} tells) named
     * {@code unit} (such as {@code " headers"}), drawn as a bar when standard error is a terminal and logged as
     * lines when it is not.
     */
    public static Bar bar(String task, long max, String unit) {
        if (StandardError.isTerminal()) {
            return new TerminalBar(TerminalBoard.get(), task, max, unit);
        }
        LoggedProgress logged = new LoggedProgress(task, max, unit, System.err, System::nanoTime);
        OPEN_LOGGED.add(logged);
        return new Bar() {
            @Override
            public void stepTo(long done) {
                logged.stepTo(done);
            }

            @Override
            public void maxHint(long max) {
                logged.maxHint(max);
            }

            @Override
            public void close() {
                OPEN_LOGGED.remove(logged);
                logged.close();
            }
        };
    }

    /** The logged bars not closed yet, for {@link #finishBars}. */
    private static final java.util.Set<LoggedProgress> OPEN_LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Ends every bar, each with its last line, for a line that says the work stopped (Ctrl-C): on a terminal no bar
     * is drawn again after it; logged, each bar's last line says where it stood.
     */
    static void finishBars() {
        TerminalBoard board = TerminalBoard.existing();
        if (board != null) {
            board.finishAll();
        }
        // logged: each open bar's last line, where it stood (its last tenth's line may be well behind)
        for (LoggedProgress logged : java.util.List.copyOf(OPEN_LOGGED)) {
            OPEN_LOGGED.remove(logged);
            logged.close();
        }
    }

    /**
     * Ends a bar's line that was left open, so that what follows (an {@code error:} line) starts a line of its
     * own. Nothing to do when progress is logged as lines.
     */
    public static void endOpenLine() {
        TerminalBoard board = TerminalBoard.existing();
        if (board != null) {
            board.erase();
        }
    }
}
