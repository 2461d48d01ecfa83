package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log lines a command prints among its own (here {@code sync}'s "cannot connect ... retrying" between its progress
 * lines and its {@code error:} line) read as the command's lines do: the time of day and words, {@code warning: } or
 * {@code error: } before a warning or an error, no logger columns (milliseconds, level, thread, logger name).
 */
class LogLinesTest {
    @TempDir
    Path dir;

    @Test
    void aLogLineAmongTheCommandsLinesIsTheTimeAndWords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Cli.Result r = ChildCli.run(Duration.ofSeconds(60), "sync", "--network", "regtest", "--datadir",
                dir.resolve("data").toString(), "--connect", "127.0.0.1:" + port, "--timeout", "30");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).as("nothing from the logging's own set-up either: %s", r).isEmpty();
        assertThat(r.err()).as("%s", r).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d cannot connect to 127\\.0\\.0\\.1:"
                + port + ": .*; retrying in \\d+ s"));
        assertThat(r.err()).as("%s", r).noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d .*"))
                .noneMatch(l -> l.contains(" INFO ") || l.contains(" WARN ") || l.contains("[engine")
                        || l.contains("d.t.") || l.contains(" - "));
        assertThat(r.err().get(r.err().size() - 1)).as("%s", r).startsWith("error: ");
    }

    @Test
    void levelsAreSaidInWords() {
        assertThat(LogLevelWord.word(Level.INFO)).isEmpty();
        assertThat(LogLevelWord.word(Level.WARN)).isEqualTo("warning: ");
        assertThat(LogLevelWord.word(Level.ERROR)).isEqualTo("error: ");
        assertThat(LogLevelWord.word(Level.DEBUG)).isEqualTo("debug: ");
    }
}
