package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.testing.TestData;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a person or a script meets it, in a child JVM: with standard error redirected to a file, plain
 * lines (no carriage return, no line twice); on a terminal (a pseudo-terminal by {@code script}), bars redrawn
 * in place, as before.
 */
class ProgressOutputIT {
    @TempDir
    Path dir;
    private Path headers;

    @BeforeEach
    void headersFile() throws IOException {
        headers = dir.resolve("headers-0-10236.bin");
        Files.write(headers, TestData.resource("headers-0-10236.bin"));
    }

    private List<String> importCommand(String datadir) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TributaryCommand.class.getName()));
        command.addAll(List.of("import", "--network", "mainnet", "--datadir", dir.resolve(datadir).toString(),
                "--headers", headers.toString()));
        return command;
    }

    @Test
    void toAFileProgressIsPlainLinesNeverRepeated() throws Exception {
        File err = dir.resolve("err.log").toFile();
        File out = dir.resolve("out.txt").toFile();
        Process p = new ProcessBuilder(importCommand("a")).redirectError(err).redirectOutput(out).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("import finished").isTrue();
        assertThat(p.exitValue()).isZero();

        String log = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("\r");
        List<String> lines = log.lines().toList();
        assertThat(lines).doesNotHaveDuplicates();
        assertThat(lines).first().isEqualTo("Headers: 0/10237 headers (0%)");
        assertThat(lines).last().asString().matches("Headers: 10237/10237 headers \\(100%\\) after [\\d.]+ s, [\\d.]+ headers/s");
        assertThat(lines.subList(0, lines.size() - 1)).as("100%% only on the last line").noneMatch(l -> l.contains("100%"));
        assertThat(lines).allMatch(l -> l.startsWith("Headers: "));
        assertThat(Files.readAllLines(out.toPath())).containsExactly("height=10236 tip="
                + "000000004f74d42205b9d7ae1cb5c1591e723894a71358fce73b7e0919628161 chainwork=43968251111421");
    }

    /**
     * The demo's stderr sent to a file (issue 13 found 10 KB of redraws in 5 lines): plain lines only, none twice,
     * each task's lines never mixed with another's, each ending at its total and then its whole-task rate, which is
     * the rate the summary prints.
     */
    @Test
    void theDemoToAFileIsPlainLinesEndingAtEachTotal() throws Exception {
        File err = dir.resolve("demo.log").toFile();
        File out = dir.resolve("demo.txt").toFile();
        List<String> command = new ArrayList<>(importCommand("unused").subList(0, 4));
        command.addAll(1, List.of("-Xmx512m", "-Djava.io.tmpdir=" + dir));
        command.addAll(List.of("demo", "--blocks", "600", "--dag-blocks", "5"));
        Process p = new ProcessBuilder(command).redirectError(err).redirectOutput(out).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("demo finished").isTrue();
        String log = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        String summary = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log + summary).isZero();

        assertThat(log).doesNotContain("\r").doesNotContain("\u001b");
        List<String> lines = log.lines().toList();
        assertThat(lines).as(log).doesNotHaveDuplicates();
        List<String> tasks = List.of("Mining A", "Node B", "Node C", "Node D", "Mining DAG");
        assertThat(lines).as(log).allMatch(l -> tasks.stream().filter(t -> l.startsWith(t + ": ")).count() == 1);
        for (String task : tasks) {
            List<String> own = lines.stream().filter(l -> l.startsWith(task + ": ")).toList();
            assertThat(own).as(log).hasSizeGreaterThanOrEqualTo(3);
            assertThat(own.get(own.size() - 1)).as(log).matches(task + ": (\\d+)/\\1 blocks \\(100%\\) after .*");
        }
        for (String node : List.of("B", "C", "D")) {
            java.util.regex.Matcher bar = java.util.regex.Pattern.compile("(?m)^Node " + node
                    + ": \\d+/\\d+ blocks \\(100%\\) after [\\d.]+ s, ([\\d.]+) blocks/s$").matcher(log);
            java.util.regex.Matcher said = java.util.regex.Pattern.compile("(?m)^node " + node
                    + ":.*\\n\\s+synced in [\\d.]+ s: ([\\d.]+) blocks/s").matcher(summary);
            assertThat(bar.find()).as(log).isTrue();
            assertThat(said.find()).as(summary).isTrue();
            // one clock for both: the same figure, give or take the last digit's rounding
            assertThat(Double.parseDouble(bar.group(1))).as("node %s's rate in the log and in the summary", node) // one start; the bar closes a few ms after the summary reads its clock
                    .isCloseTo(Double.parseDouble(said.group(1)), org.assertj.core.data.Percentage.withPercentage(1.5));
        }
    }

    @Test
    void onATerminalProgressIsABarRedrawnInPlace() throws Exception {
        assumeTrue(new File("/usr/bin/script").canExecute(), "needs script(1) for a pseudo-terminal");
        String command = String.join(" ", importCommand("b").stream().map(a -> "'" + a + "'").toList());
        File tty = dir.resolve("tty.txt").toFile();
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").redirectOutput(tty)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("import finished").isTrue();
        assertThat(p.exitValue()).isZero();
        String screen = Files.readString(tty.toPath(), StandardCharsets.UTF_8);
        assertThat(screen).contains("Headers ").contains("10237/10237 headers").contains("height=10236 ");
        assertThat(screen).doesNotContain("Headers: 0/10237");
    }
}
