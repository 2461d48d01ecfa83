package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The product jar {@code mvn package} builds ({@code node/target/tributary.jar}): it carries neither the
 * benchmarks nor what only they need (JMH, bitcoinj), and its {@code bench} says where the benchmarks are.
 */
class ProductJarIT {
    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("node/target/tributary.jar");

    @Test
    void theProductJarLeavesOutTheBenchmarksJmhAndBitcoinj() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("dev/tributary/node/cli/TributaryCommand.class");
            assertThat(names).noneMatch(n -> n.startsWith("org/bitcoinj/") || n.startsWith("org/openjdk/jmh/")
                    || n.startsWith("dev/tributary/bench/") || n.equals("META-INF/BenchmarkList"));
        }
    }

    @Test
    void itsBenchSaysWhereTheBenchmarksAreInOneErrorLine() throws InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildCli child = ChildCli.startProcess(List.of(java, "-jar", JAR.toString(), "bench", "headers", "--count",
                "10"), ROOT, Map.of())) {
            assertThat(child.waitFor(Duration.ofSeconds(60))).as(child.transcript()).isEqualTo(1);
            assertThat(child.out()).isEmpty();
            assertThat(child.err()).as(child.transcript()).containsExactly("error: the benchmarks are not in this jar:"
                    + " run ./tributary bench ..., which runs bench/target/tributary-bench.jar"
                    + " (built by mvn -q -B -ntp package -DskipTests)");
        }
    }
}
