package dev.tributary.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A log line's level as the command line words it ({@code %levelword} in {@code logback.xml}): nothing for
 * information, {@code warning: } for a warning, {@code error: } for an error ({@code debug: }, {@code trace: } when
 * asked for), so that a log line reads as the command's own lines do, {@code 2026-12-07 10:04:31 warning:
 * 127.0.0.1:18444 speaks mainnet, not regtest: it will not sync with this node}, not as a Java logger's (no level
 * column, thread or logger name). The date and time before it keeps such a line from starting with {@code error:}, which the command's one
 * failure line does.
 */
public final class LogLevelWord extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return word(event.getLevel());
    }

    static String word(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "error: ";
            case Level.WARN_INT -> "warning: ";
            case Level.DEBUG_INT -> "debug: ";
            case Level.TRACE_INT -> "trace: ";
            default -> "";
        };
    }
}
