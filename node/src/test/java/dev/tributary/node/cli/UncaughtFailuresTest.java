package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the command line's handler of uncaught failures says: an out-of-memory error one {@code error:} line naming
 * the heap and how to raise it, then the process's end with a non-zero code; another failure one log line in words.
 * No stack trace on standard error either way (unless {@code TRIBUTARY_DEBUG}); no real out-of-memory error needed.
 */
class UncaughtFailuresTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(UncaughtFailures.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void capture() {
        logged.setContext(logger.getLoggerContext());
        logged.start();
        logger.addAppender(logged);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        logger.setLevel(levelBefore);
    }

    private void exit(int code) {
        exits.add(code);
        exited.complete(code);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runningOutOfMemorySaysTheHeapIsTooSmallAndHowToRaiseItInOneLineAndEndsTheProcess() throws Exception {
        UncaughtFailures handler = new UncaughtFailures(err, false, this::exit);
        handler.uncaughtException(new Thread("engine"), new OutOfMemoryError("Java heap space"));

        assertThat(err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: ")
                .contains("ran out of heap memory", "heap is too small", "TRIBUTARY_JAVA_OPTS=-Xmx")
                .contains((Runtime.getRuntime().maxMemory() >> 20) + " MB")
                .doesNotContain("OutOfMemoryError", "java.lang", "Java heap space"));
        assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(UncaughtFailures.OUT_OF_MEMORY_EXIT).isNotZero();
        assertThat(logged.list).as("the stack trace, at debug level only").singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getThrowableProxy()).isNotNull();
        });
    }

    @Test
    void threadsRunningOutOfMemoryTogetherGiveOneLineAndOneEnd() throws Exception {
        UncaughtFailures handler = new UncaughtFailures(err, false, this::exit);
        handler.uncaughtException(new Thread("engine"), new OutOfMemoryError("Java heap space"));
        handler.uncaughtException(new Thread("worker-1"), new OutOfMemoryError("Java heap space"));

        assertThat(err().lines().toList()).hasSize(1);
        exited.get(10, TimeUnit.SECONDS);
        assertThat(exits).hasSize(1);
    }

    @Test
    void anotherFailureIsOneLogLineInWordsAndTheProcessGoesOn() {
        UncaughtFailures handler = new UncaughtFailures(err, false, this::exit);
        handler.uncaughtException(new Thread("store-writer"),
                new IllegalStateException("the store in /data/store is closed"));

        assertThat(exits).isEmpty();
        assertThat(err()).as("nothing but the log line, which goes through the log").isEmpty();
        ILoggingEvent line = logged.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.ERROR);
        assertThat(line.getThrowableProxy()).as("no stack trace at error level").isNull();
        assertThat(line.getFormattedMessage())
                .isEqualTo("an unexpected failure in thread store-writer: the store in /data/store is closed"
                        + " (run with TRIBUTARY_DEBUG=1 to see where)");
        assertThat(logged.list).filteredOn(e -> e.getThrowableProxy() != null)
                .singleElement().satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
    }

    @Test
    void aFailureWithoutAMessageIsStillWordsWithoutAClassName() {
        String line = UncaughtFailures.describe(new Thread("engine"), new NullPointerException());

        assertThat(line).startsWith("an unexpected failure in thread engine: ")
                .doesNotContain("NullPointerException", "java.")
                .containsOnlyOnce("TRIBUTARY_DEBUG");
    }

    @Test
    void withTributaryDebugTheStackTraceIsPrintedToo() {
        UncaughtFailures handler = new UncaughtFailures(err, true, this::exit);
        handler.uncaughtException(new Thread("engine"), new OutOfMemoryError("Java heap space"));

        assertThat(err()).contains("ran out of heap memory").contains("\tat ");
    }
}
