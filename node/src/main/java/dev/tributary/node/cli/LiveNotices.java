package dev.tributary.node.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What {@code records sync --live} says on standard error while an endpoint fails: one line in words when a failure
 * begins or changes ({@code 2026-12-07 10:04:31 records sync: cannot reach http://127.0.0.1:8101 (connection refused);
 * trying again every 2 s}), one when a sync succeeds again ({@code 2026-12-07 10:04:39 records sync: syncing again}),
 * and nothing at each retry in between, so that a log of a long outage is two lines, not one every 2 s. The lines
 * start with the date and time, as the command's result lines on standard output and the log lines do. Thread-safe.
 */
final class LiveNotices {
    private final PrintWriter err;
    private final Supplier<String> time;
    private String failing;

    /**
     * @param err  where the lines go (standard error)
     * @param time the date and time a line starts with ({@link LineTime#now})
     */
    LiveNotices(PrintWriter err, Supplier<String> time) {
        this.err = err;
        this.time = time;
    }

    /** An attempt failed ({@code why}, in words); the engine tries again after {@code after}. */
    synchronized void retrying(String why, Duration after) {
        if (!why.equals(failing)) {
            failing = why;
            say(why + "; trying again every " + after.toSeconds() + " s");
        }
    }

    /**
     * An endpoint refused its token and a token given as {@code @PATH} read anew differs: its node restarted (and
     * wrote a new {@code .cookie}); the engine goes on with it.
     */
    synchronized void tokensReadAgain() {
        say("a token was refused; read again from its @ file: the node wrote a new one (it restarted)");
    }

    /** A sync went through. */
    synchronized void synced() {
        if (failing != null) {
            failing = null;
            say("syncing again");
        }
    }

    private void say(String what) {
        Progress.endOpenLine();
        err.println(time.get() + " records sync: " + what);
        err.flush();
    }
}
