package dev.tributary.node.cli;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.node.Node;
import dev.tributary.node.chain.ChainStores;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.TipLine;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.StoreConsistencyCheck;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code tributary status}: what a data directory holds. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows the chain stored in a data directory.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ChainOptions chain;

    @CommandLine.Option(names = "--check",
            description = "also verify the store: parents, heights, chain work, tips and every body below the block tip")
    boolean check;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(Node.storeDirectory(chain.datadir))) {
            throw new IllegalArgumentException("no chain in " + chain.datadir + " (run import, sync or node first)");
        }
        Logging.quiet();
        ChainState state = ChainStores.openChain(StoreKind.ROCKSDB, chain.datadir, chain.network, Optional.empty());
        try {
            HeaderSyncData start = state.index().start();
            HeaderSyncData blocks = state.blockTip();
            var out = spec.commandLine().getOut();
            out.println("network=" + chain.network.name() + " start=" + start.height() + " headers=" + state.index().size());
            out.println("blocks: height=" + blocks.height() + " tip=" + blocks.hash());
            int status = 0;
            if (check) {
                List<String> problems = StoreConsistencyCheck.check(state.persist());
                problems.forEach(p -> spec.commandLine().getErr().println("inconsistent: " + p));
                out.println(problems.isEmpty() ? "check: consistent" : "check: " + problems.size() + " problems");
                status = problems.isEmpty() ? 0 : 1;
            }
            out.println(TipLine.of(state.mainTip()));
            return status;
        } finally {
            state.persist().close();
        }
    }
}
