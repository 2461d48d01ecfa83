package dev.tributary.bench.cli;

import static dev.tributary.bench.cli.BenchCommandLineIT.assertNumbers;
import static dev.tributary.bench.cli.BenchCommandLineIT.keyValues;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.node.cli.ChildCli;
import dev.tributary.node.cli.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./tributary} script with the jars {@code mvn package} built, as README documents it: the product
 * jar's help lists {@code bench}, and {@code bench} commands run from the bench module's jar, JMH's forked
 * benchmarks included.
 */
class TributaryScriptIT {
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();

    @Test
    void theProductsHelpListsBench() throws InterruptedException {
        Cli.Result r = script("--help");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).as("%s", r).anyMatch(l -> l.trim().startsWith("bench ") && l.contains("benchmarks"));
    }

    @Test
    void benchHeadersRunsFromTheBenchJar() throws InterruptedException {
        Cli.Result r = script("bench", "headers", "--count", "2000");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> kv = keyValues(r.lastOut());
        assertThat(kv).containsEntry("bench", "headers").containsEntry("count", "2000");
        assertNumbers(kv, "seconds", "headers_per_s", "sha256d_per_s", "ratio");
    }

    @Test
    void benchKernelsRunsJmhFromTheBenchJar() throws InterruptedException {
        Cli.Result r = script("bench", "kernels", "--filter", "parseHeader", "--iterations", "1");
        assertThat(r.exitCode()).as("%s", r).isZero();
        List<String> lines = r.out().stream().filter(l -> l.startsWith("bench=kernel ")).toList();
        assertThat(lines).as("%s", r).hasSize(2);
        assertThat(keyValues(lines.get(0))).containsEntry("name", "parseHeader");
        assertThat(keyValues(lines.get(1))).containsEntry("name", "sha256dHeader").containsEntry("cost_in_sha256d", "1.00");
        assertNumbers(keyValues(lines.get(0)), "ops_per_s", "cost_in_sha256d");
    }

    private static Cli.Result script(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("tributary").toString()));
        command.addAll(List.of(args));
        try (ChildCli child = ChildCli.startProcess(command, ROOT, Map.of())) {
            int code = child.waitFor(PATIENCE);
            return new Cli.Result(code, child.out(), child.err());
        }
    }
}
