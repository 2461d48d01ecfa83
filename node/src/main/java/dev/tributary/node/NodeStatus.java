package dev.tributary.node;

/**
 * What a node has, read at one moment on its engine thread ({@link Node#status()}).
 *
 * @param mode         the sync mode, {@code headers} or {@code blocks}
 * @param tip          the best chain
 * @param peers        handshaked peers
 * @param mempool      transactions in the memory pool
 * @param blocksStored block bodies written to the store since it was opened
 */
public record NodeStatus(String mode, NodeProtocol.TipSummary tip, int peers, int mempool, long blocksStored) {
}
