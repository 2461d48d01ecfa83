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
     * A tip as {@code POST /mine} reports it: a chain's best block, or a DAG's tips.
     *
     * @param height   the height of the best block (of the highest tip, for a DAG)
     * @param tip      a chain's best block's hash; null for a DAG, which has no one best block
     * @param tips     a DAG's tips (block hashes); null for a chain
     * @param tipsHash the hash of a DAG's sorted tips (as {@code GET /status}'s {@code tipsHash}); null for a chain
     */
    record MinedTip(int height, String tip, java.util.List<String> tips, String tipsHash) {
        /** A chain's best block. */
        public static MinedTip ofChain(int height, String tip) {
            return new MinedTip(height, tip, null, null);
        }

        /** A DAG's tips, the highest at {@code height}. */
        public static MinedTip ofDag(int height, java.util.List<String> tips, String tipsHash) {
            return new MinedTip(height, null, java.util.List.copyOf(tips), tipsHash);
        }
    }
}
