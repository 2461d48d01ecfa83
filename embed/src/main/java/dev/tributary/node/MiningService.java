package dev.tributary.node;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.Transaction;
import java.util.List;

/**
 * A service that mines blocks and takes transactions (a chain's, a DAG's). The node's HTTP API serves
 * {@code POST /mine} and {@code POST /transactions} for every service of this kind; an embedding program calls it
 * directly. Each call runs on the engine thread as one task, and may be made from any thread.
 */
public interface MiningService extends NodeService {

    /**
     * Mines {@code count} blocks, connects and announces them.
     *
     * @return their hashes, lowest first
     * @throws IllegalArgumentException when this network cannot be mined here
     */
    List<Hash> mine(int count);

    /**
     * Submits a transaction made elsewhere: into the memory pool and announced.
     *
     * @throws IllegalArgumentException       naming why it was refused
     * @throws UnsupportedOperationException when the service keeps no memory pool
     */
    Hash submitTransaction(Transaction tx);

    /** The height and tip the {@code POST /mine} answer reports after mining. */
    MinedTip tip();

    /**
     * A tip as {@code POST /mine} reports it.
     *
     * @param height the height of the best block (of the highest tip, for a DAG)
     * @param tip    the best block's hash (the hash of the tips set, for a DAG)
     */
    record MinedTip(int height, String tip) {
    }
}
