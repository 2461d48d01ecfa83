package dev.tributary.bench.cli;

import dev.tributary.bench.KernelBenchmarks;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import dev.tributary.node.cli.OptionChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench kernels}: runs the JMH {@link KernelBenchmarks} and prints each kernel's rate
 * and its cost in SHA-256d-of-a-header units measured in the same run, one {@code key=value} line each.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true, description = "JMH benchmarks of the sync kernels.")
final class BenchKernelsCommand implements Callable<Integer> {
    @Option(names = "--iterations", defaultValue = "5",
            description = "measurement iterations of 1 s, 1..1000 (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--filter", defaultValue = ".*",
            description = "the kernels to run: a regular expression matching their whole names (parse.* for"
                    + " parseHeader); sha256dHeader, the baseline, always runs")
    String filter;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--iterations", iterations, 1, 1000);
        try {
            java.util.regex.Pattern.compile(filter);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--filter': '"
                    + filter + "' is not a regular expression (" + e.getDescription().toLowerCase(Locale.ROOT) + ")");
        }
        List<String> kernels = kernels();
        java.util.regex.Pattern chosen = java.util.regex.Pattern.compile("^(?:" + filter + ")$");
        if (kernels.stream().noneMatch(k -> chosen.matcher(k).find())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--filter': '"
                    + filter + "' matches no kernel; the kernels are " + String.join(", ", kernels));
        }
        Options options = new OptionsBuilder()
                .include(KernelBenchmarks.class.getName() + "\\.(sha256dHeader|" + filter + ")$")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> rates = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            rates.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        double baseline = rates.get("sha256dHeader");
        for (Map.Entry<String, Double> e : rates.entrySet()) {
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "bench=kernel name=%s ops_per_s=%.1f cost_in_sha256d=%.2f", e.getKey(), e.getValue(),
                    baseline / e.getValue()));
        }
        return 0;
    }

    /** The kernels' names: the {@code @Benchmark} methods of {@link KernelBenchmarks}, sorted. */
    static List<String> kernels() {
        return java.util.Arrays.stream(KernelBenchmarks.class.getMethods())
                .filter(m -> m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class))
                .map(java.lang.reflect.Method::getName).sorted().toList();
    }
}
