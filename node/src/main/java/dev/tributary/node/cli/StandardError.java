package dev.tributary.node.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.concurrent.TimeUnit;

/** Whether this process's standard error is a terminal, found out once. */
final class StandardError {
    private StandardError() {
    }

    /** Whether standard error is a terminal (then progress is drawn as bars). */
    static boolean isTerminal() {
        return Holder.TERMINAL;
    }

    private static final class Holder {
        static final boolean TERMINAL = detect();
    }

    /**
     * Java 17 cannot ask about standard error itself ({@code System.console()} looks at standard input and
     * output), so a shell is asked {@code test -t 2} with our standard error as its own. Where there is no such
     * shell, the console's answer stands in.
     */
    private static boolean detect() {
        try {
            Process test = new ProcessBuilder("sh", "-c", "test -t 2")
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.INHERIT)
                    .start();
            test.getOutputStream().close();
            if (test.waitFor(5, TimeUnit.SECONDS)) {
                return test.exitValue() == 0;
            }
            test.destroyForcibly();
        } catch (IOException e) {
            // no POSIX shell here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return System.console() != null;
    }
}
