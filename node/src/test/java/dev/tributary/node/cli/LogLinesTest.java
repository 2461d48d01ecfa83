package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log lines a command prints among its own (here {@code node}'s "cannot connect ... retrying" after its start-up
 * lines) read as the command's lines do: the date and time and words, {@code warning: } or {@code error: } before a
 * warning or an error, no logger columns (milliseconds, level, thread, logger name). And a command that does not
 * retry ({@code sync}) does not say it will.
 */
class LogLinesTest {
    @TempDir
    Path dir;

    @Test
    void aLogLineAmongTheCommandsLinesIsTheTimeAndWords() throws Exception {
        int port = closedPort();
        try (ChildCli node = ChildCli.start("node", "--network", "regtest", "--datadir", dir.resolve("data").toString(),
                "--connect", "127.0.0.1:" + port)) {
            node.awaitErrLine(l -> l.matches(ChildCli.LINE_TIME + " cannot connect to 127\\.0\\.0\\.1:" + port
                    + ": .*; retrying in \\d+ s"), Duration.ofSeconds(60));
            assertThat(node.out()).as("nothing from the logging's own set-up either: %s", node.transcript()).isEmpty();
            assertThat(node.err()).as("%s", node.transcript())
                    .noneMatch(l -> l.matches(ChildCli.LINE_TIME + "\\.\\d\\d\\d .*"))
                    .noneMatch(l -> l.contains(" INFO ") || l.contains(" WARN ") || l.contains("[engine")
                            || l.contains("d.t.") || l.contains(" - "));
        }
    }

    /**
     * {@code sync} gives up on a peer it cannot reach: it says so once, in its error line, and no log line before it
     * promises a retry that will not come.
     */
    @Test
    void syncFromAPeerThatIsNotThereSaysSoWithoutPromisingARetry() throws Exception {
        int port = closedPort();
        Cli.Result r = ChildCli.run(Duration.ofSeconds(60), "sync", "--network", "regtest", "--datadir",
                dir.resolve("data").toString(), "--connect", "127.0.0.1:" + port, "--timeout", "30");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).as("nothing from the logging's own set-up either: %s", r).isEmpty();
        assertThat(r.err()).as("%s", r).noneMatch(l -> l.contains("retrying"));
        assertThat(r.err().get(r.err().size() - 1)).as("%s", r)
                .matches("error: cannot connect to 127\\.0\\.0\\.1:" + port + ": .*refused.*");
    }

    /**
     * A peer that takes the connection and says nothing: after a few seconds, {@code sync} says what it waits for (a
     * log line among its progress lines), rather than a bar at 0 that tells nothing until the handshake deadline.
     */
    @Test
    void syncSaysWhenAConnectedPeerHasNotAnsweredItsHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ChildCli sync = ChildCli.start("sync", "--network", "regtest", "--datadir", dir.resolve("data").toString(),
                     "--connect", "127.0.0.1:" + silent.getLocalPort())) {
            java.net.Socket accepted = silent.accept(); // and never a byte to it
            try (accepted) {
                sync.awaitErrLine(l -> l.matches(ChildCli.LINE_TIME + " connected to 127\\.0\\.0\\.1:"
                        + silent.getLocalPort() + ", waiting for its handshake \\(version message\\): it has sent nothing"
                        + " for \\d+ s; giving up after 60 s"), Duration.ofSeconds(60));
            }
        }
    }

    /**
     * A peer given to {@code node} with {@code --connect} that takes the connection and says nothing: after a few
     * seconds the node says so, naming it and how long it has waited ({@link HandshakeWaitsTest}: once per
     * connection).
     */
    @Test
    void aNodeSaysWhenAPeerItDialledHasNotAnsweredItsHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ChildCli node = ChildCli.start("node", "--network", "regtest", "--datadir", dir.resolve("data").toString(),
                     "--connect", "127.0.0.1:" + silent.getLocalPort())) {
            java.net.Socket accepted = silent.accept(); // and never a byte to it
            try (accepted) {
                String waiting = java.util.regex.Pattern.quote("connected to 127.0.0.1:" + silent.getLocalPort()
                        + ", waiting for its handshake (version message): it has sent nothing for ") + "\\d+"
                        + java.util.regex.Pattern.quote(" s; dropping it after 60 s and trying again");
                node.awaitErrLine(l -> l.matches(ChildCli.LINE_TIME + " " + waiting), Duration.ofSeconds(60));
                assertThat(node.err()).as("%s", node.transcript()).filteredOn(l -> l.contains("waiting for its"))
                        .hasSize(1);
            }
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void levelsAreSaidInWords() {
        assertThat(LogLevelWord.word(Level.INFO)).isEmpty();
        assertThat(LogLevelWord.word(Level.WARN)).isEqualTo("warning: ");
        assertThat(LogLevelWord.word(Level.ERROR)).isEqualTo("error: ");
        assertThat(LogLevelWord.word(Level.DEBUG)).isEqualTo("debug: ");
    }
}
