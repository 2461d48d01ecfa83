package dev.tributary.node.cli;

import dev.tributary.node.dag.DagStoreMiner;
import dev.tributary.node.chain.ChainStoreMiner;
import dev.tributary.node.chain.BlockProducer;
import dev.tributary.dag.DagParameters;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.node.StoreMiner;
import dev.tributary.node.NetworksFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
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
    public Integer call() throws Exception {
        OptionChecks.range(spec, "--blocks", blocks, 1, MAX_BLOCKS);
        StoreMiner miner;
        try {
            miner = forNetwork(network);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--network': " + e.getMessage());
        }
        NetworksFile.refuseAnotherNetwork(datadir, network, "what is mined");
        Logging.quiet();
        AtomicLong mined = new AtomicLong();
        String line = InterruptNotice.during(() -> interrupted(mined.get(), blocks, network, datadir), () -> {
            try (LazyBar bar = new LazyBar(blocks)) {
                return miner.mine(datadir, blocks, n -> {
                    mined.set(n);
                    bar.stepTo(n);
                });
            }
        });
        spec.commandLine().getOut().println(line);
        return 0;
    }

    /**
     * The line a run stopped by Ctrl-C ends with: how far it got, and that what it mined is kept (each block is stored
     * as it is mined; the miner may store a few more while the process stops).
     */
    static String interrupted(long mined, int blocks, String network, Path datadir) {
        return "mine: interrupted after at least " + mined + " of " + blocks + " blocks; the blocks mined are stored:"
                + " 'tributary status --network " + network + " --datadir " + datadir + "' shows the tip";
    }

    /**
     * The run's progress bar, opened when the miner says the store is open (a store that cannot be opened is one
     * error line, with no bar before it).
     */
    private static final class LazyBar implements AutoCloseable {
        private final long max;
        private Progress.Bar bar;

        LazyBar(long max) {
            this.max = max;
        }

        void stepTo(long mined) {
            if (bar == null) {
                bar = Progress.bar("Mining", max, " blocks");
            }
            bar.stepTo(mined);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
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
