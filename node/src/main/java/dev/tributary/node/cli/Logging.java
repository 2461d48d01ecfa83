package dev.tributary.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.function.IntSupplier;
import org.slf4j.LoggerFactory;

/**
 * Log levels of the command line. Commands whose own output tells the story (demo, bench, import)
 * quiet Tributary's logs to warnings; {@link #restoringLevels} puts the level back when the command
 * returns, so commands run in-process (tests, embedding) leave the process's logging as they found it.
 */
public final class Logging {
    private static final String ROOT = "dev.tributary";

    private Logging() {
    }

    /** Quiets Tributary's logs to warnings, unless TRIBUTARY_DEBUG is set. */
    public static void quiet() {
        if (System.getenv("TRIBUTARY_DEBUG") == null) {
            ((Logger) LoggerFactory.getLogger(ROOT)).setLevel(Level.WARN);
        }
    }

    /**
     * {@link #quiet}, and no warnings of the peer manager either (a peer's misbehaviour, a failed dial): for a
     * command that reports what became of its one peer itself, in its own words.
     */
    static void quietPeers() {
        quiet();
        if (System.getenv("TRIBUTARY_DEBUG") == null) {
            ((Logger) LoggerFactory.getLogger(dev.tributary.net.PeerManager.class)).setLevel(Level.ERROR);
        }
    }

    /**
     * No Tributary logs at all, unless {@code TRIBUTARY_DEBUG} or {@code TRIBUTARY_LOG_LEVEL} asks for them: for
     * simulations, whose nodes log thousands of lines a second of virtual time, much of it warnings about the
     * hostile node they are meant to meet.
     */
    static void silence() {
        if (System.getenv("TRIBUTARY_DEBUG") == null && System.getenv("TRIBUTARY_LOG_LEVEL") == null) {
            ((Logger) LoggerFactory.getLogger(ROOT)).setLevel(Level.OFF);
        }
    }

    /** The levels {@code TRIBUTARY_LOG_LEVEL} may name. */
    static final java.util.List<String> LEVELS = java.util.List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /**
     * Checks {@code TRIBUTARY_LOG_LEVEL}: logback reads any other word as DEBUG, so a typo would flood the log.
     *
     * @return null when it is unset or a level, else the error line's text
     */
    static String checkLevelVariable() {
        return checkLevel(System.getenv("TRIBUTARY_LOG_LEVEL"));
    }

    static String checkLevel(String value) {
        if (value == null || LEVELS.contains(value.strip().toUpperCase(java.util.Locale.ROOT))) {
            return null;
        }
        if (value.isBlank()) {
            return "TRIBUTARY_LOG_LEVEL is set but empty; set it to one of " + String.join(", ", LEVELS)
                    + ", or unset it (INFO)";
        }
        return "TRIBUTARY_LOG_LEVEL=" + value + " is not a log level; use one of " + String.join(", ", LEVELS);
    }

    /** Runs a command and restores Tributary's log level afterwards. */
    static int restoringLevels(IntSupplier command) {
        Logger logger = (Logger) LoggerFactory.getLogger(ROOT);
        Level before = logger.getLevel();
        try {
            return command.getAsInt();
        } finally {
            logger.setLevel(before);
        }
    }
}
