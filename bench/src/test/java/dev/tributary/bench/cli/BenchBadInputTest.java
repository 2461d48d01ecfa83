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
                "bench oplog --orbitdb-timeout", "bench oplog --warmup", "bench records --rows", "bench records --warmup", "bench relay --interval-ms",
                "bench secp256k1 --rounds");
    }

    /**
     * Several options out of range: the first is reported, alone, in the words of every other command's range check
     * (OptionChecks), not one message listing every option's range.
     */
    @Test
    void severalOptionsOutOfRangeReportTheFirstAlone() {
        Cli.Result records = Cli.run("bench", "records", "--rows", "0", "--changed", "-1", "--runs", "100");
        assertThat(records.exitCode()).as("%s", records).isEqualTo(2);
        assertThat(records.err()).as("%s", records).containsExactly("error: invalid value for option '--rows': must be"
                + " from 1 to 10000000, not 0 (see 'tributary bench records --help')");
        Cli.Result changed = Cli.run("bench", "records", "--rows", "10", "--changed", "11");
        assertThat(changed.err()).as("%s", changed).containsExactly("error: invalid value for option '--changed': must"
                + " be from 0 to 10, not 11 (see 'tributary bench records --help')");

        Cli.Result blocks = Cli.run("bench", "blocks", "--peers", "0", "--blocks", "0", "--block-size", "10");
        assertThat(blocks.exitCode()).as("%s", blocks).isEqualTo(2);
        assertThat(blocks.err()).as("%s", blocks).containsExactly("error: invalid value for option '--peers': must be"
                + " 1 or more, not 0 (see 'tributary bench blocks --help')");
        Cli.Result size = Cli.run("bench", "blocks", "--block-size", "10");
        assertThat(size.err()).as("%s", size).containsExactly("error: invalid value for option '--block-size': must be"
                + " 400 or more, not 10 (see 'tributary bench blocks --help')");
    }

    @Test
    void aFilterThatIsNotARegularExpressionIsAUsageError() {
        Cli.Result r = Cli.run("bench", "kernels", "--filter", "(");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .isEqualTo("error: invalid value for option '--filter': '(' is not a regular expression (unclosed group)"
                        + " (see 'tributary bench kernels --help')");
    }

    /** A filter that matches no kernel is refused naming the kernels; it used to measure the baseline alone, exit 0. */
    @Test
    void aFilterThatMatchesNoKernelIsAUsageErrorNamingThem() {
        Cli.Result r = Cli.run("bench", "kernels", "--filter", "parseHeaders");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.out()).as("%s", r).isEmpty();
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .startsWith("error: invalid value for option '--filter': 'parseHeaders' matches no kernel; the kernels"
                        + " are ")
                .contains("parseHeader, ", "sha256dHeader")
                .endsWith(" (see 'tributary bench kernels --help')");
    }

    @Test
    void aBenchmarkNamedWithoutItsCommandListsThem() {
        Cli.Result r = Cli.run("bench");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).singleElement().asString()
                .startsWith("error: 'tributary bench' needs a command: headers, blocks, relay, kernels");
    }
}
