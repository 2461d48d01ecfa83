package dev.tributary.node.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.node.cli.ChildCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's shell examples, and those of {@code docs/*.md}, run as written against the jar {@code mvn package} built, from the repository's
 * root, with their ports and {@code /tmp} directories rewritten to safe ones ({@link ReadmeRewrite}). Every
 * command must exit 0 and print no error; the output lines README documents after a command
 * ({@code # ...}) must be among its standard output; a background command ({@code ... &}) runs until the
 * example ends, and the next command starts at once, as in a script: an example whose next command needs the
 * background node must wait for it itself (README's {@code until curl ...} lines). An example that needs a tool this machine lacks (such as curl), or a database
 * server that does not answer (PostgreSQL for {@code psql}, MariaDB for {@code mariadb}), is skipped.
 */
class ReadmeExamplesIT {
    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** For the database clients an example may run, a command that succeeds when their server answers. */
    private static final Map<String, String> SERVER_PROBES = Map.of(
            "psql", "psql -h 127.0.0.1 -d test -c 'SELECT 1'",
            "mariadb", "mariadb -h 127.0.0.1 -u root -e 'SELECT 1'");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyExampleRunsAsDocumented() throws IOException {
        List<ReadmeExamples.Example> examples = new ArrayList<>(
                ReadmeExamples.parse(Files.readString(ROOT.resolve("README.md"))));
        assertThat(examples).as("README's examples").isNotEmpty();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                examples.addAll(ReadmeExamples.parse("docs/" + doc.getFileName(), Files.readString(doc)));
            }
        }
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> run(e)));
    }

    private void run(ReadmeExamples.Example example) throws Exception {
        for (ReadmeExamples.Step step : example.steps()) {
            String tool = step.command().split("\\s+")[0];
            assumeTrue(tool.startsWith("./") || onPath(tool), "needs " + tool + " on the PATH");
            String probe = SERVER_PROBES.get(tool);
            assumeTrue(probe == null || answers(probe), "needs the database server " + tool
                    + " reaches on 127.0.0.1 (" + probe + " did not answer)");
        }
        Path dir = Files.createTempDirectory(tmp, "example-" + example.line() + "-");
        ReadmeRewrite rewrite = new ReadmeRewrite(dir);
        List<ChildCli> background = new ArrayList<>();
        try {
            for (ReadmeExamples.Step step : example.steps()) {
                String command = rewrite.apply(step.command());
                ChildCli child = ChildCli.startProcess(List.of("bash", "-c", command), ROOT, Map.of());
                if (step.background()) {
                    background.add(child);
                } else {
                    try (child) {
                        int code = child.waitFor(PATIENCE);
                        String transcript = command + "\n" + child.transcript();
                        assertThat(code).as(transcript).isZero();
                        assertThat(child.out()).as(transcript).containsAll(step.expectedOut());
                        assertThat(Stream.concat(child.out().stream(), child.err().stream())).as(transcript)
                                .noneMatch(l -> l.startsWith("error:") || l.contains("\"error\""));
                    }
                }
            }
        } finally {
            background.forEach(ChildCli::close);
        }
    }

    private static boolean onPath(String tool) throws InterruptedException {
        return answers("command -v " + tool);
    }

    private static boolean answers(String command) throws InterruptedException {
        try (ChildCli c = ChildCli.startProcess(List.of("bash", "-c", command), ROOT, Map.of())) {
            return c.waitFor(PATIENCE) == 0;
        }
    }
}
