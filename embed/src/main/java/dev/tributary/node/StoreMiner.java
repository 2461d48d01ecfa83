package dev.tributary.node;

import java.nio.file.Path;

/**
 * Mines blocks into the store of a stopped node ({@code tributary mine}), for one kind of network. The Bitcoin
 * networks have {@code ChainStoreMiner}, the {@code dagtest} BlockDAG {@code DagStoreMiner}.
 */
public interface StoreMiner {

    /**
     * Mines {@code count} blocks on the tip of the chain in {@code datadir} (a new chain at genesis when there is
     * none) and stores them.
     *
     * @return the line the command ends with (for a chain: its tip line)
     */
    String mine(Path datadir, int count);
}
