package dev.tributary.node.cli;

import dev.tributary.node.dag.DagStoreMiner;
import dev.tributary.node.chain.ChainStoreMiner;
import dev.tributary.node.chain.BlockProducer;
import dev.tributary.dag.DagParameters;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.StoreMiner;
import dev.tributary.node.NetworksFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary mine}: mines blocks into a stopped node's store, then prints its tip line. */
@Command(name = "mine", mixinStandardHelpOptions = true,
        description = "Mines N blocks on the tip of a stopped node's chain (regtest), or on all tips of its DAG (dagtest), and stores them.")
final class MineCommand implements Callable<Integer> {
    /** Most blocks one run mines. */
    static final int MAX_BLOCKS = 1_000_000;

    @Option(names = "--network", required = true, paramLabel = "NET", description = "regtest or dagtest")
    String network;

    @Option(names = "--datadir", required = true, paramLabel = "DIR", converter = DatadirConverter.class,
            description = "the stopped node's data directory")
    Path datadir;

    @Option(names = "--blocks", required = true, paramLabel = "N", description = "how many blocks, 1.." + MAX_BLOCKS)
    int blocks;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.range(spec, "--blocks", blocks, 1, MAX_BLOCKS);
        StoreMiner miner;
        try {
            miner = forNetwork(network);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--network': " + e.getMessage());
        }
        List<String> held = networksOfItsNode(datadir);
        if (!held.isEmpty() && !held.contains(network)) {
            throw new IllegalStateException("data directory " + datadir + " is for " + String.join(" and ", held)
                    + ", not " + network + ": its node would refuse to run " + network + ", so what is mined would"
                    + " never be served; give the network it was made for, or another data directory");
        }
        Logging.quiet();
        spec.commandLine().getOut().println(miner.mine(datadir, blocks));
        return 0;
    }

    /**
     * The networks a node recorded in {@code datadir} when it first ran there ({@link NetworksFile}), empty when none
     * has run there yet.
     */
    private static List<String> networksOfItsNode(Path datadir) {
        Path file = datadir.resolve(NetworksFile.NAME);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The miner for the network named {@code name}.
     *
     * @throws IllegalArgumentException naming the networks that can be mined when this one cannot
     */
    private static StoreMiner forNetwork(String name) {
        if (name.equals(DagParameters.DAGTEST.name())) {
            return new DagStoreMiner();
        }
        NetworkParameters network = NetworkParameters.forName(name);
        BlockProducer.requireMineable(network);
        return new ChainStoreMiner(network);
    }
}
