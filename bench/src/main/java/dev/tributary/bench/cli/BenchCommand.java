package dev.tributary.bench.cli;

import picocli.CommandLine.Command;

/** {@code tributary bench}: end-to-end benchmarks, each ending with one {@code key=value ...} line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "End-to-end benchmarks over loopback.",
        subcommands = {BenchHeadersCommand.class, BenchBlocksCommand.class, BenchRelayCommand.class, BenchKernelsCommand.class,
                BenchVsBitcoinjCommand.class, BenchSecp256k1Command.class, BenchOplogLocalCommand.class,
                BenchOplogCommand.class, BenchRecordsCommand.class})
final class BenchCommand {
}
