package dev.tributary.node.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The date and time a line of the command's own starts with ({@code 2026-12-07 10:04:31}): local time to the second,
 * as {@code logback.xml} stamps a log line ({@code %d{yyyy-MM-dd HH:mm:ss}}), so that the two read alike and the
 * output of a run of several days tells its days apart.
 */
final class LineTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private LineTime() {
    }

    /** The date and time now, as a line starts with it. */
    static String now() {
        return LocalDateTime.now().format(FORMAT);
    }
}
