package dev.tributary.node.cli;

import dev.tributary.node.chain.ChainImport;
import dev.tributary.node.chain.ChainStores;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.TipLine;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.TrustedStart;
import dev.tributary.chain.BlockHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary import}: validates and stores headers or blocks from files. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Validates and stores raw 80-byte headers, or raw blocks ([magic][length][block] records).")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ChainOptions chain;

    @Option(names = "--headers", paramLabel = "FILE", description = "concatenated 80-byte headers")
    Path headers;

    @Option(names = "--blocks", paramLabel = "FILE", description = "[magic][uint32 LE length][block] records")
    Path blocks;

    @Option(names = "--start-height", paramLabel = "H",
            description = "trust the file's first header at height H (a checkpoint) instead of starting at genesis;"
                    + " H from 0 to 2,147,483,647")
    Long startHeight;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The line an import stopped by Ctrl-C ends with (it ended silently): what was stored is a prefix of the file, and
     * a second run skips the headers and blocks the store holds already.
     */
    static final String INTERRUPTED = "import: interrupted; what was stored stays stored: run the same command again"
            + " to import the rest";

    @Override
    public Integer call() throws Exception {
        if (headers == null && blocks == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --headers FILE or --blocks FILE");
        }
        if (startHeight != null) {
            OptionChecks.range(spec, "--start-height", startHeight, 0, Integer.MAX_VALUE);
        }
        for (Path f : new Path[] {headers, blocks}) {
            if (f != null) {
                InputFiles.requireReadable(spec, f);
                if (Files.size(f) == 0) {
                    throw new IllegalArgumentException(f + " is empty: there is nothing to import");
                }
            }
        }
        dev.tributary.node.NetworksFile.refuseAnotherNetwork(chain.datadir, chain.network.name(), "what is imported");
        if (headers != null) {
            // Before the datadir is created or touched: a file that cannot be headers changes nothing.
            ChainImport.checkHeadersFile(headers);
        }
        Logging.quiet();
        Optional<TrustedStart> start = Optional.empty();
        if (startHeight != null) {
            BlockHeader first = headers != null ? ChainImport.firstHeader(headers)
                    : ChainImport.firstBlockHeader(blocks, chain.network.magic());
            start = Optional.of(new TrustedStart(first, startHeight.intValue())); // checked: 0..Integer.MAX_VALUE
        }
        boolean existed = Files.exists(chain.datadir);
        boolean removeAfter = false;
        ChainState state = ChainStores.openChain(StoreKind.ROCKSDB, chain.datadir, chain.network, start);
        try {
            ChainImport importer = new ChainImport(state, System.currentTimeMillis() / 1000);
            try {
                InterruptNotice.during(INTERRUPTED, () -> {
                    if (headers != null) {
                        try (Progress.Bar bar = Progress.bar("Headers", ChainImport.headerCount(headers), " headers")) {
                            importer.importHeaders(headers, bar::stepTo);
                        }
                    }
                    if (blocks != null) {
                        try (Progress.Bar bar = Progress.bar("Blocks file", Files.size(blocks) / 1024, " KiB")) {
                            importer.importBlocks(blocks, read -> bar.stepTo(read / 1024));
                        }
                    }
                    return null;
                });
            } catch (ChainImport.ImportException e) {
                Progress.endOpenLine();
                spec.commandLine().getErr().println("error: " + e.getMessage());
                spec.commandLine().getOut().println(TipLine.of(state.mainTip()));
                // A datadir this command made and stored nothing in is not left behind.
                removeAfter = !existed && state.mainTip().height() == 0;
                return 1;
            }
            spec.commandLine().getOut().println(TipLine.of(state.mainTip()));
            return 0;
        } finally {
            state.persist().close();
            if (removeAfter) {
                Directories.delete(chain.datadir);
            }
        }
    }
}
