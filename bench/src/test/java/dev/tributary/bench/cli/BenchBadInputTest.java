package dev.tributary.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.Cli;
import dev.tributary.node.cli.NumericOptionSweep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary bench}'s bad inputs: every numeric option of every benchmark refuses a negative number and a word
 * in one usage line before measuring anything, and so does a {@code --filter} that is not a regular expression.
 */
class BenchBadInputTest {
    @TempDir
    Path dir;

    @Test
    void everyNumericOptionOfEveryBenchmarkIsValidated() {
        List<String> checked = NumericOptionSweep.run("bench", dir.resolve("data"));
        assertThat(checked).contains("bench headers --count", "bench kernels --iterations", "bench vs-bitcoinj --timeout",
                "bench oplog --orbitdb-timeout", "bench records --rows", "bench relay --interval-ms",
                "bench secp256k1 --rounds");
    }

    @Test
    void aFilterThatIsNotARegularExpressionIsAUsageError() {
        Cli.Result r = Cli.run("bench", "kernels", "--filter", "(");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .isEqualTo("error: Invalid value for option '--filter': '(' is not a regular expression (unclosed group)"
                        + " (see 'tributary bench kernels --help')");
    }

    @Test
    void aBenchmarkNamedWithoutItsCommandListsThem() {
        Cli.Result r = Cli.run("bench");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .startsWith("error: 'tributary bench' needs a command: headers, blocks, relay, kernels");
    }
}
