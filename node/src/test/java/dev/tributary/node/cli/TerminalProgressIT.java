package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.sync.headers.SyncConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a person sees it on a real terminal: the command runs in a tmux pane, and the pane (with its
 * scrollback) is read back as text. One line per task, each task's line once, ending at its true total, never
 * two tasks or a bar and a log on one line, and rates that agree with the summary. The build installs tmux where it
 * can ({@code interop/tmux/install.sh}); where it is not installed the test is skipped, saying so, or fails when
 * {@code TRIBUTARY_REQUIRE_TMUX} is set (as {@code .ci/run} sets it).
 */
class TerminalProgressIT {
    /** A log line: the date and time, then words (logback.xml's pattern). */
    private static final Pattern LOG_LINE = Pattern.compile("^" + ChildCli.LINE_TIME + " ");
    private static final String DONE = "COMMAND-EXITED=";

    @TempDir
    Path dir;
    private String session;

    @BeforeEach
    void needsTmux() throws Exception {
        boolean installed = run("tmux", "-V") == 0;
        assertThat(installed || System.getenv("TRIBUTARY_REQUIRE_TMUX") == null)
                .as("tmux is installed (TRIBUTARY_REQUIRE_TMUX is set, as .ci/run sets it)").isTrue();
        assumeTrue(installed, "tmux is not installed (apt-get install tmux, which interop/tmux/install.sh does before the"
                + " integration tests when it can): the terminal test is skipped");
        session = "tributary-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    @AfterEach
    void killSession() throws Exception {
        if (session != null) {
            run("tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void demoBarsHaveALineEachAndAgreeWithTheSummary() throws Exception {
        List<String> screen = inTmux("demo", "--blocks", "2000", "--dag-blocks", "10");
        List<String> tasks = List.of("Mining A", "Node B", "Node C", "Node D", "Mining DAG");
        for (String task : tasks) {
            List<String> lines = screen.stream().filter(l -> l.contains(task + " ")).toList();
            assertThat(lines).as("the lines of %s in\n%s", task, String.join("\n", screen)).hasSize(1);
            assertThat(lines.get(0)).startsWith(task).contains("100%").contains(" in ");
            assertThat(tasks.stream().filter(t -> lines.get(0).contains(t + " ")).count()).as(lines.get(0)).isOne();
        }
        assertThat(screen).anyMatch(l -> l.startsWith("Node B ") && l.contains(" 2000/2000 blocks 100%"));
        for (String node : List.of("B", "C", "D")) {
            double bar = number(screen, "^Node " + node + " .* (\\d+(?:\\.\\d)?) blocks/s in ");
            double summary = number(screen, "^node " + node + ":[\\s\\S]*?synced in [\\d.]+ s: ([\\d.]+) blocks/s");
            // one clock for both: the same figure, give or take the last digit's rounding
            assertThat(bar).as("node %s's bar rate vs its summary\n%s", node, String.join("\n", screen))
                    .isCloseTo(summary, org.assertj.core.data.Percentage.withPercentage(0.5));
        }
    }

    @Test
    void syncBarsEndAtTheTrueTotalAndLogsStayOnTheirOwnLines() throws Exception {
        try (Node server = LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve("server"), StoreKind.MEMORY,
                SyncConfig.defaults(), 0, n -> new ChainGenerator(ChainService.of(n).chain(), 5)
                        .mineBlocks(3000, 300, x -> { }))) {
            List<String> screen = inTmux("sync", "--network", "regtest", "--datadir", dir.resolve("s").toString(),
                    "--connect", "127.0.0.1:" + server.listeningAddress().getPort(), "--blocks");
            String all = String.join("\n", screen);
            assertThat(screen.stream().filter(l -> l.startsWith("Headers "))).as(all).singleElement().asString()
                    .contains(" 3000/3000 headers 100%");
            assertThat(screen.stream().filter(l -> l.startsWith("Blocks "))).as(all).singleElement().asString()
                    .contains(" 3000/3000 blocks 100%");
            for (String l : screen) {
                boolean bar = l.startsWith("Headers ") || l.startsWith("Blocks ");
                Matcher log = LOG_LINE.matcher(l);
                assertThat(bar && l.matches(".*" + ChildCli.LINE_TIME + " .*")).as("a log glued to a bar: %s", l)
                        .isFalse();
                assertThat(!bar && !log.find() && l.contains("[")).as("a bar inside another line: %s", l).isFalse();
            }
            assertThat(screen).anyMatch(l -> l.startsWith("height=3000 tip="));
        }
    }

    private static double number(List<String> screen, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(String.join("\n", screen));
        assertThat(m.find()).as("%s in\n%s", regex, String.join("\n", screen)).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * Runs {@code tributary args} in a new 150x50 tmux pane, waits until it exits, and returns the pane's text with
     * its scrollback, blank lines left out.
     */
    private List<String> inTmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), TributaryCommand.class.getName()));
        command.addAll(List.of(args));
        Path script = dir.resolve("run.sh");
        Files.writeString(script, "cd '" + dir + "'\n" + String.join(" ", command.stream().map(a -> "'" + a + "'").toList())
                + "\necho " + DONE + "$?\nsleep 600\n");
        assertThat(run("tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "50", "bash " + script)).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        List<String> screen = capture();
        while (screen.stream().noneMatch(l -> l.startsWith(DONE))) {
            assertThat(System.nanoTime()).as("the command ended within 180 s:\n%s", String.join("\n", screen))
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(200); // polling the pane: tmux tells no one when a program ends
            screen = capture();
        }
        assertThat(screen).as(String.join("\n", screen)).contains(DONE + "0");
        return screen.stream().filter(l -> !l.isBlank() && !l.startsWith(DONE)).toList();
    }

    private List<String> capture() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-J", "-S", "-", "-t", session)
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text.lines().map(String::stripTrailing).toList();
    }

    private static int run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
