package dev.tributary.node.cli;

import dev.tributary.sync.SyncConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options of block download shared by {@code node} and {@code sync}. */
final class SyncOptions {
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "20",
            description = "blocks per request to one peer, 1..1000 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** The options applied to {@code base}; a value out of range is a usage error (exit code 2). */
    SyncConfig apply(SyncConfig base) {
        try {
            return base.withBatchSize(batchSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "Invalid value for option '--batch-size': " + e.getMessage());
        }
    }
}
