package dev.tributary.node;

import java.nio.file.Path;
import java.util.function.LongConsumer;

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
    default String mine(Path datadir, int count) {
        return mine(datadir, count, mined -> { });
    }

    /**
     * {@link #mine(Path, int)}, telling {@code progress} how many blocks are mined and stored so far: 0 once the
     * store is open, then after each block (a million blocks take minutes).
     */
    String mine(Path datadir, int count, LongConsumer progress);
}
