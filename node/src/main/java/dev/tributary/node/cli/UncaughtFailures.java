package dev.tributary.node.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line's default handler of failures no code caught, in any thread (the main thread's too): the failure
 * is logged as one line in words; its stack trace only at debug level ({@code TRIBUTARY_LOG_LEVEL=DEBUG}) or, as
 * for the command line's other failures, on standard error when {@code TRIBUTARY_DEBUG} is set.
 *
 * <p>An {@link OutOfMemoryError} ends the process: a process whose heap is exhausted cannot be trusted to go on
 * (any thread may have lost work half done). Standard error gets one {@code error:} line saying the heap is too small
 * and how to raise it, and the process exits with {@link #OUT_OF_MEMORY_EXIT} (its shutdown hooks run, so stores
 * close). That line is written once, however many threads run out at the same time.
 *
 * <p>Any other failure is logged and the process goes on: the thread that failed ends as it would have.
 */
final class UncaughtFailures implements Thread.UncaughtExceptionHandler {
    /** The exit code of a process that ran out of memory. */
    static final int OUT_OF_MEMORY_EXIT = 1;

    private static final Logger log = LoggerFactory.getLogger(UncaughtFailures.class);

    private final PrintStream err;
    private final boolean debug;
    private final IntConsumer exit;
    private final AtomicBoolean outOfMemory = new AtomicBoolean();
    /** Built up front: when it is needed the heap may have no room left to build it. */
    private final String outOfMemoryLine = "error: " + outOfMemoryWords();
    /**
     * Ends the process, made up front too. Its own thread: the thread that ran out may be one that a shutdown hook
     * waits for (the engine's, which a node's close drains), and {@link System#exit} blocks until the hooks end.
     */
    private final Thread exitThread;

    /**
     * @param err   where the out-of-memory line goes, and stack traces when {@code debug}
     * @param debug whether stack traces are printed on {@code err} too ({@code TRIBUTARY_DEBUG})
     * @param exit  ends the process with the code given (run on a thread of its own)
     */
    UncaughtFailures(PrintStream err, boolean debug, IntConsumer exit) {
        this.err = err;
        this.debug = debug;
        this.exit = exit;
        this.exitThread = new Thread(() -> exit.accept(OUT_OF_MEMORY_EXIT), "out-of-memory-exit");
    }

    /**
     * Makes a handler the process's default one: writing to standard error, stack traces there when
     * {@code TRIBUTARY_DEBUG} is set, ending the process with {@link System#exit}.
     */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(
                new UncaughtFailures(System.err, System.getenv("TRIBUTARY_DEBUG") != null, System::exit));
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            outOfMemory(thread, failure);
            return;
        }
        try {
            log.error(describe(thread, failure));
            log.debug("where " + thread.getName() + " failed", failure);
            if (debug) {
                failure.printStackTrace(err);
            }
        } catch (Throwable ignored) {
            // nothing left to report it with
        }
    }

    private void outOfMemory(Thread thread, Throwable failure) {
        if (!outOfMemory.compareAndSet(false, true)) {
            return;
        }
        try {
            Progress.endOpenLine();
        } catch (Throwable ignored) {
            // a progress line left open is the lesser harm
        }
        try {
            err.println(outOfMemoryLine);
            err.flush();
        } catch (Throwable ignored) {
            // no room even for the line: the process still ends
        }
        if (debug) {
            try {
                failure.printStackTrace(err);
            } catch (Throwable ignored) {
                // the line above said it
            }
        }
        try {
            log.debug("where " + thread.getName() + " ran out of memory", failure);
        } catch (Throwable ignored) {
            // the line above said it
        }
        try {
            exitThread.start();
        } catch (Throwable noThread) {
            exit.accept(OUT_OF_MEMORY_EXIT);
        }
    }

    /** What the log says of a failure no code caught in {@code thread}, in words. */
    static String describe(Thread thread, Throwable failure) {
        String what = UserErrors.describe(failure);
        return "an unexpected failure in thread " + thread.getName() + ": " + what
                + (what.contains("TRIBUTARY_DEBUG") ? "" : " (run with TRIBUTARY_DEBUG=1 to see where)");
    }

    /** That the heap is too small, and how to give Java more. */
    static String outOfMemoryWords() {
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        return "Java ran out of heap memory (" + maxMb + " MB); the heap is too small for this work: "
                + "give it more with TRIBUTARY_JAVA_OPTS=-Xmx4g (or another size), then run the command again";
    }
}
