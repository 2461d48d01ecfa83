package dev.tributary.node.cli;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagParameters;
import dev.tributary.node.Node;
import dev.tributary.node.chain.ChainStores;
import dev.tributary.node.chain.TipLine;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.StoreConsistencyCheck;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary status}: what a data directory holds, a chain or (on dagtest) a BlockDAG. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the chain (or on dagtest, the DAG) stored in a data directory.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--network", required = true, paramLabel = "NET",
            description = "mainnet, testnet4, regtest, or dagtest (a BlockDAG)")
    String network;

    @Option(names = "--datadir", required = true, paramLabel = "DIR", converter = DatadirConverter.class,
            description = "where the chain or DAG is stored")
    Path datadir;

    @Option(names = "--check",
            description = "also verify the store: parents, heights, chain work, tips and every body below the block tip"
                    + " (dagtest: parents, heights and every block's body)")
    boolean check;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (network.equals(DagParameters.DAGTEST.name())) {
            Logging.quiet();
            return DagStatusReport.print(datadir, check, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        NetworkParameters params = bitcoinNetwork();
        if (!Files.isDirectory(Node.storeDirectory(datadir))) {
            throw new IllegalArgumentException("no chain in " + datadir + " (run import, sync or node first)");
        }
        Logging.quiet();
        // Read only: also while a node runs on the directory, and where this process may not write.
        ChainState state = ChainStores.openChainToRead(datadir, params);
        try {
            return printChain(state, params);
        } finally {
            state.persist().close();
        }
    }

    private int printChain(ChainState state, NetworkParameters params) {
        HeaderSyncData start = state.index().start();
        HeaderSyncData blocks = state.blockTip();
        PrintWriter out = spec.commandLine().getOut();
        out.println("network=" + params.name() + " start=" + start.height() + " headers=" + state.index().size());
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
    }

    private NetworkParameters bitcoinNetwork() {
        try {
            return NetworkConverter.chain(network, NetworkConverter.ALL);
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--network': " + e.getMessage());
        }
    }
}
