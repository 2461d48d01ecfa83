package dev.tributary.node.cli;

import dev.tributary.node.chain.NodeConfig;
import java.math.BigInteger;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.sync.inventory.InventoryConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options of syncing shared by {@code node} and {@code sync}: the mode and its tunables. */
final class SyncOptions {
    @Option(names = "--sync-mode", paramLabel = "MODE", defaultValue = "headers", converter = SyncModeConverter.class,
            description = "headers (headers first, then blocks in parallel) or blocks (blocks first by inventory,"
                    + " with relay and a memory pool) (default: ${DEFAULT-VALUE})")
    SyncMode mode;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "20",
            description = "headers mode: blocks per request to one peer, 1..1000 (default: ${DEFAULT-VALUE})")
    int batchSize;

    /** Longest stall timeout: a day. */
    static final long MAX_STALL_SECONDS = 86_400;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "blocks mode: replace a sync peer that sent no block for this long, checked every"
                    + " tenth of it; sync: give up (exit 1) when no header or block arrived for this long, naming"
                    + " what is missing; 1.." + MAX_STALL_SECONDS + " (default: ${DEFAULT-VALUE})")
    long stallTimeoutSeconds;

    @Option(names = "--minimum-chain-work", paramLabel = "HEX",
            description = "headers mode: store a peer's headers only once their chain reaches this work (hex, as"
                    + " Bitcoin Core's -minimumchainwork; a lower-work chain is presynced and dropped); default: the"
                    + " network's (Core's value on mainnet and testnet4, 0 on regtest)")
    String minimumChainWork;

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** The options applied to {@code base}; a value out of range is a usage error (exit code 2). */
    NodeConfig apply(NodeConfig base) {
        SyncConfig sync;
        try {
            sync = base.sync().withBatchSize(batchSize);
        } catch (IllegalArgumentException e) {
            throw usage("--batch-size", e.getMessage());
        }
        if (minimumChainWork != null) {
            sync = sync.withMinimumChainWork(parseWork(minimumChainWork));
        }
        return base.withSync(sync).withMode(mode).withInventory(applyStall(base.inventory()));
    }

    /** {@code --stall-timeout} applied to blocks-first settings: checked every tenth of it, 100 ms to 30 s. */
    InventoryConfig applyStall(InventoryConfig base) {
        OptionChecks.range(mixee, "--stall-timeout", stallTimeoutSeconds, 1, MAX_STALL_SECONDS);
        long stallMillis = stallTimeoutSeconds * 1000;
        return base.withStall(stallMillis,
                Math.min(InventoryConfig.DEFAULT_STALL_CHECK_MILLIS, Math.max(100, stallMillis / 10)));
    }

    private BigInteger parseWork(String text) {
        String hex = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || hex.length() > 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw usage("--minimum-chain-work", "'" + text + "' is not a hexadecimal number of at most 64 digits");
        }
        return new BigInteger(hex, 16);
    }

    private CommandLine.ParameterException usage(String option, String message) {
        return new CommandLine.ParameterException(mixee.commandLine(),
                "Invalid value for option '" + option + "': " + message);
    }

    /** Parses {@code headers} and {@code blocks}. */
    static final class SyncModeConverter implements CommandLine.ITypeConverter<SyncMode> {
        @Override
        public SyncMode convert(String value) {
            try {
                return SyncMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
