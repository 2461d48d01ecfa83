package dev.tributary.node.cli;

import dev.tributary.sync.SyncConfig;
import picocli.CommandLine.Option;

/** Options of block download shared by {@code node} and {@code sync}. */
final class SyncOptions {
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "20",
            description = "blocks per request to one peer (default: ${DEFAULT-VALUE})")
    int batchSize;

    SyncConfig apply(SyncConfig base) {
        return base.withBatchSize(batchSize);
    }
}
