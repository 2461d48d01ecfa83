package dev.tributary.node.cli;

import dev.tributary.node.chain.SyntheticTransactions;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary make-tx}: prints synthetic transactions in hex, one a line, for {@code POST /transactions}
 * ({@link SyntheticTransactions}: valid in form, spending outputs nobody checks).
 */
@Command(name = "make-tx", mixinStandardHelpOptions = true,
        description = "Prints synthetic transactions (hex, one a line) to submit with POST /transactions.")
final class MakeTxCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "1", paramLabel = "N", description = "how many, 1..100000 (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", paramLabel = "S", description = "random seed, for the same transactions again")
    Long seed;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.range(spec, "--count", count, 1, 100_000);
        Random random = seed != null ? new Random(seed) : new Random();
        for (int i = 0; i < count; i++) {
            spec.commandLine().getOut().println(SyntheticTransactions.hex(random));
        }
        return 0;
    }
}
