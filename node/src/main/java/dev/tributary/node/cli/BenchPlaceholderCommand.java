package dev.tributary.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code tributary bench} in the product jar, which leaves the benchmarks out: listed in the help as the command
 * is, it says where the benchmarks are. The bench module's jar replaces it with the real command
 * ({@link CommandPlugin}), and the {@code ./tributary} script runs that jar for {@code bench}.
 */
@Command(name = "bench", description = BenchPlaceholderCommand.DESCRIPTION)
final class BenchPlaceholderCommand implements Callable<Integer> {
    /** The real command's description too, so that the help reads the same from either jar. */
    static final String DESCRIPTION = "End-to-end benchmarks over loopback.";

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        throw new IllegalStateException("the benchmarks are not in this jar: run ./tributary bench ..., which runs"
                + " bench/target/tributary-bench.jar (built by mvn -q -B -ntp package -DskipTests)");
    }
}
