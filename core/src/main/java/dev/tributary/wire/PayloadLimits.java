package dev.tributary.wire;

import java.util.function.ToIntFunction;

/**
 * Each command's largest payload, for a {@link FrameDecoder}, with a say in when a frame's payload is read: told
 * of each frame header before its payload is buffered, it may make the reader wait (a connection does until its
 * handshake completes, when a peer sends a large frame or many before it).
 */
public interface PayloadLimits extends ToIntFunction<String> {

    /**
     * A frame header of {@code command} declaring {@code declared} bytes arrived; its payload is read once this
     * returns. Runs on the reader's thread; may wait.
     */
    void beforePayload(String command, long declared);
}
