package dev.tributary.node;

import dev.tributary.dag.DagState;

/**
 * What a node has, read at one moment on its engine thread ({@link Node#status()}).
 *
 * @param mode         the sync mode, {@code headers} or {@code blocks} ({@code dag} for a BlockDAG node)
 * @param tip          the best chain; for a DAG, its highest tip's height and the hash of its sorted tips,
 *                     with no chain work
 * @param peers        handshaked peers
 * @param mempool      transactions in the memory pool
 * @param blocksStored block bodies written to the store since it was opened (a DAG node: the blocks it holds)
 * @param dag          a BlockDAG node's state, null for a chain
 */
public record NodeStatus(String mode, NodeProtocol.TipSummary tip, int peers, int mempool, long blocksStored,
        DagState dag) {

    /** A chain node's status. */
    public NodeStatus(String mode, NodeProtocol.TipSummary tip, int peers, int mempool, long blocksStored) {
        this(mode, tip, peers, mempool, blocksStored, null);
    }
}
