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
        assertThat(lines).contains("Headers: 10237/10237 headers (100%)");
        assertThat(lines).last().asString().startsWith("Headers: ended after ");
        assertThat(lines).allMatch(l -> l.startsWith("Headers: "));
        assertThat(Files.readAllLines(out.toPath())).containsExactly("height=10236 tip="
                + "000000004f74d42205b9d7ae1cb5c1591e723894a71358fce73b7e0919628161 chainwork=43968251111421");
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
