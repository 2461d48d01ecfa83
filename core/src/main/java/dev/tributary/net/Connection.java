package dev.tributary.net;

import dev.tributary.wire.Message;
import dev.tributary.wire.WireFormat;
import java.net.InetSocketAddress;

/**
 * One transport connection to a peer, framed and decoded. {@link #send(Message)} and
 * {@link #close(String)} are safe from any thread; events arrive at the {@link ConnectionHandler} given
 * when the connection was made.
 */
public interface Connection {

    /** Unique for the lifetime of the process. */
    long id();

    InetSocketAddress remoteAddress();

    boolean inbound();

    /**
     * What the connection speaks: given for an outbound connection; for an inbound one, known once its first bytes
     * named one of the listener's formats (null before, and for a connection whose first bytes named none).
     */
    WireFormat wireFormat();

    /**
     * Queues a message for sending; never blocks. The payload is serialized here, its frame header (with the
     * checksum) on the connection's writer. A connection whose queue overflows closes itself. Nothing is sent
     * before the connection's wire format is known.
     */
    void send(Message message);

    /** Closes the connection; the handler's {@code onClosed} follows once. Idempotent. */
    void close(String reason);

    boolean isOpen();

    /** Bytes queued and not yet written. */
    long queuedBytes();

    /** Bytes read from the peer so far (frames and all), or -1 when the transport does not count them. */
    default long bytesReceived() {
        return -1;
    }

    /** Bytes written to the peer so far (frames and all), or -1 when the transport does not count them. */
    default long bytesSent() {
        return -1;
    }

    /**
     * Whether answers to this peer should wait: its send queue is full (it does not read), by the node's
     * {@link OutboundBudget}. The peer manager leaves its messages unprocessed meanwhile.
     */
    default boolean sendPaused() {
        return false;
    }

    /**
     * The peer's handshake completed: the transport may take in large messages from it now (before, it reads only
     * a few small frames; see {@link HandshakeGate}).
     */
    default void established() {
    }

    /**
     * Tells the transport that the engine has processed an inbound message of {@code cost} bytes. The
     * transport stops reading from a peer whose unprocessed messages exceed its budget, so a fast sender
     * cannot grow the engine's queue without bound.
     */
    void releaseInbound(int cost);
}
