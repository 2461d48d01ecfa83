package dev.tributary.wire;

/**
 * Splits one connection's byte stream into frames, incrementally: fed whatever the socket delivered, it
 * reports each complete frame or error to a {@link FrameDecoder.Sink}. Made by a {@link FrameFormat}; one per
 * connection, fed by that connection's reader only.
 */
public interface FrameReader {

    /** Consumes {@code length} bytes; frames and errors go to {@code sink} in stream order. */
    void feed(byte[] data, int offset, int length, FrameDecoder.Sink sink);

    /** True after a fatal error: the stream cannot be resynchronized and the connection should close. */
    boolean failed();

    /** Bytes buffered for the frame in progress: a bound on this reader's memory. */
    int bufferedBytes();

    /**
     * The most this reader's buffers can grow while it is fed {@code incoming} more bytes; a connection's reader
     * reserves this much of the node's inbound budget before it reads. By default: twice what arrives, and a
     * first buffer of 64 KiB for a frame that starts within it.
     */
    default long maxGrowth(int incoming) {
        return 2L * incoming + 64 * 1024;
    }

    /** What this reader's buffers hold now (at least {@link #bufferedBytes()}). */
    default int bufferCapacity() {
        return bufferedBytes();
    }
}
