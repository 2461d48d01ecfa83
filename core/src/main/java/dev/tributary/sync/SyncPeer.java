package dev.tributary.sync;

import dev.tributary.wire.Message;

/**
 * A handshaked peer as the synchronizers see it. Implemented by the network layer; a test implements it
 * with a recording fake. Methods are called on the engine thread.
 */
public interface SyncPeer {

    /** Unique for the lifetime of the process. */
    long id();

    /** Short name for logs, such as {@code 127.0.0.1:18444}. */
    String label();

    /** Queues a message; never blocks. Does nothing once the peer is disconnected. */
    void send(Message message);

    /** Drops the connection, logging {@code reason} once. */
    void disconnect(String reason);

    /**
     * Adds {@code points} to the peer's misbehaviour score with a one-line reason; at 100 the peer is
     * disconnected and its address banned.
     */
    void misbehave(int points, String reason);

    boolean isConnected();

    /** Height of the best block the peer is known to have (from its version message and announcements), or -1. */
    int bestKnownHeight();

    /** Raises {@link #bestKnownHeight()} when an announcement shows the peer has a higher block. */
    void updateBestKnownHeight(int height);

    /** Whether the peer advertises NODE_NETWORK and so serves historical blocks. */
    boolean servesBlocks();

    /** Whether the peer advertises NODE_WITNESS; blocks are then requested with their witness data. */
    boolean servesWitness();

    /** Whether the peer asked (with {@code sendheaders}) to be told of new blocks by {@code headers}. */
    boolean prefersHeaderAnnouncements();

    /** Bytes queued for sending and not yet written to the socket: serving pauses above a limit. */
    long queuedSendBytes();

    /**
     * Whether serving this peer should pause: its send queue is full (by default at
     * {@link DataServer#SEND_QUEUE_SOFT_LIMIT}; the network layer may also count the node's other queues).
     */
    default boolean sendPaused() {
        return queuedSendBytes() >= DataServer.SEND_QUEUE_SOFT_LIMIT;
    }

    /** The peer sent a block new to this node (inbound eviction protects recent senders). */
    default void noteNovelBlock() {
    }

    /** The peer sent a transaction new to this node. */
    default void noteNovelTransaction() {
    }
}
