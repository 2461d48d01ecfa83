package dev.tributary.node;

import dev.tributary.node.chain.BlockProducer;
import dev.tributary.node.chain.ChainStoreMiner;
import dev.tributary.node.dag.DagStoreMiner;
import dev.tributary.chain.NetworkParameters;
import java.nio.file.Path;

/**
 * Mines blocks into the store of a stopped node ({@code tributary mine}), for one kind of network. The Bitcoin
 * networks have {@link ChainStoreMiner}, the {@code dagtest} BlockDAG {@link DagStoreMiner}.
 */
public interface StoreMiner {

    /**
     * Mines {@code count} blocks on the tip of the chain in {@code datadir} (a new chain at genesis when there is
     * none) and stores them.
     *
     * @return the line the command ends with (for a chain: {@link TipLine})
     */
    String mine(Path datadir, int count);

    /**
     * The miner for the network named {@code name}.
     *
     * @throws IllegalArgumentException naming the networks that can be mined when this one cannot
     */
    static StoreMiner forNetwork(String name) {
        if (name.equals("dagtest")) {
            return new DagStoreMiner();
        }
        NetworkParameters network = NetworkParameters.forName(name);
        BlockProducer.requireMineable(network);
        return new ChainStoreMiner(network);
    }
}
