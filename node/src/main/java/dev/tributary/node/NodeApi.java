package dev.tributary.node;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.Transaction;
import java.util.List;

/**
 * The local entry points of a running node, callable from any thread (each runs as one task on the node's engine
 * thread): what the HTTP API serves. {@link Node} implements it for the Bitcoin networks; another kind of node
 * (dagtest's) implements it to get the same API.
 */
public interface NodeApi {

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
     * @return its txid
     * @throws IllegalArgumentException       naming why it was refused
     * @throws UnsupportedOperationException when the node keeps no memory pool
     */
    Hash submitTransaction(Transaction tx);

    /** What the node has, read at one moment. */
    NodeStatus status();
}
