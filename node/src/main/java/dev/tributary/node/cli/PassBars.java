package dev.tributary.node.cli;

import java.util.function.Function;

/**
 * The progress bars of passes that run one after the other ({@code records sync --two-way}): a pass's bar is closed
 * when the next pass begins, so that its last line comes before the next pass's first and says the pass's own
 * time and rate, not those of every pass up to the end of the run.
 */
final class PassBars implements AutoCloseable {
    private final Function<String, Progress.Bar> bars;
    private Progress.Bar current;

    /** @param bars makes a bar for a task ({@code task -> Progress.bar(task, Progress.UNKNOWN, " entries")}) */
    PassBars(Function<String, Progress.Bar> bars) {
        this.bars = bars;
    }

    /** Closes the bar of the pass before, if any, and opens the bar of the pass named {@code task}. */
    synchronized Progress.Bar next(String task) {
        close();
        current = bars.apply(task);
        return current;
    }

    /** Closes the last pass's bar (again: nothing). */
    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
