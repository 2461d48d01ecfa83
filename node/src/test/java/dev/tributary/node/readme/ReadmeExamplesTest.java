package dev.tributary.node.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading README's examples, and rewriting their ports and directories. */
class ReadmeExamplesTest {
    private static final String MARKDOWN = """
            # Title

            <!-- not run by ReadmeExamplesIT: builds -->
            ```sh
            mvn package
            ```

            Text.

            ```sh
            ./tributary node --datadir /tmp/a --listen 127.0.0.1:28333 &
            ./tributary sync --datadir /tmp/b \\
                --connect 127.0.0.1:28333
            # height=1 tip=ab
            # second line
            mvn a && mvn b
            ```
            """;

    @Test
    void blocksAfterTheMarkerAreLeftOutAndOutputLinesBelongToTheCommandBefore() {
        List<ReadmeExamples.Example> examples = ReadmeExamples.parse(MARKDOWN);

        assertThat(examples).singleElement().extracting(ReadmeExamples.Example::line).isEqualTo(10);
        assertThat(examples.get(0).steps()).containsExactly(
                new ReadmeExamples.Step("./tributary node --datadir /tmp/a --listen 127.0.0.1:28333", true, List.of()),
                new ReadmeExamples.Step("./tributary sync --datadir /tmp/b --connect 127.0.0.1:28333", false,
                        List.of("height=1 tip=ab", "second line")),
                new ReadmeExamples.Step("mvn a && mvn b", false, List.of()));
    }

    @Test
    void eachPortGetsOneFreePortAndTmpDirectoriesMoveUnderTheGivenOne() {
        ReadmeRewrite rewrite = new ReadmeRewrite(Path.of("/work/t"));

        String node = rewrite.apply("node --datadir /tmp/a --listen 127.0.0.1:28333 --http 127.0.0.1:8080");
        String sync = rewrite.apply("sync --datadir /tmp/b --connect 127.0.0.1:28333 --x /var/tmp/keep");

        String port = node.replaceAll(".*--listen 127\\.0\\.0\\.1:(\\d+).*", "$1");
        assertThat(node).startsWith("node --datadir /work/t/a --listen 127.0.0.1:").doesNotContain("28333", ":8080");
        assertThat(sync).isEqualTo("sync --datadir /work/t/b --connect 127.0.0.1:" + port + " --x /var/tmp/keep");
    }
}
