package dev.tributary.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Captures the log events of Tributary's loggers (logger {@code dev.tributary}) in memory for assertions:
 * a logback {@link ListAppender} attached for the life of the capture (try-with-resources).
 */
final class LogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.tributary");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.setContext(logger.getLoggerContext());
        appender.setName("test-capture");
        appender.start();
        logger.addAppender(appender);
    }

    /** Every event so far. */
    List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** Events at WARN or above whose formatted message contains every one of {@code parts}. */
    List<ILoggingEvent> warnings(String... parts) {
        return events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && containsAll(e.getFormattedMessage(), parts))
                .toList();
    }

    /** Events at any level whose formatted message contains every one of {@code parts}. */
    List<ILoggingEvent> lines(String... parts) {
        return events().stream().filter(e -> containsAll(e.getFormattedMessage(), parts)).toList();
    }

    /** Waits for an event matching {@code filter}; fails with the events seen when none comes in time. */
    ILoggingEvent await(Predicate<ILoggingEvent> filter, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ILoggingEvent e : events()) {
                if (filter.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line " + what + " within " + timeout.toMillis() + " ms; logged:\n"
                        + String.join("\n", events().stream().map(LogCapture::format).toList()));
            }
            pause();
        }
    }

    /** Waits for a WARN (or worse) line containing every part. */
    ILoggingEvent awaitWarning(Duration timeout, String... parts) {
        return await(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && containsAll(e.getFormattedMessage(), parts),
                timeout, "at WARN with " + List.of(parts));
    }

    /** Waits for a line at any level containing every part. */
    ILoggingEvent awaitLine(Duration timeout, String... parts) {
        return await(e -> containsAll(e.getFormattedMessage(), parts), timeout, "with " + List.of(parts));
    }

    static String format(ILoggingEvent e) {
        return e.getLevel() + " [" + e.getThreadName() + "] " + e.getLoggerName() + " - " + e.getFormattedMessage()
                + (e.getThrowableProxy() != null ? " !! " + e.getThrowableProxy().getClassName() : "");
    }

    private static boolean containsAll(String message, String... parts) {
        for (String p : parts) {
            if (!message.contains(p)) {
                return false;
            }
        }
        return true;
    }

    /** Polling the appender's list is the one wait here: log events have no notification hook. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
