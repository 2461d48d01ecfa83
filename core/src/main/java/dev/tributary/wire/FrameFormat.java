package dev.tributary.wire;

import java.util.function.ToIntFunction;

/**
 * How a connection's byte stream is cut into frames of (command, payload): the transport's only knowledge of a
 * protocol's bytes. A format starts every frame with a fixed preamble (Bitcoin's network magic), so a listening
 * port shared by several networks tells from a connection's first bytes which one it speaks.
 */
public interface FrameFormat {

    /** The bytes every frame starts with; a connection whose first bytes are not these is not of this format. */
    byte[] preamble();

    /** A reader for one connection's stream, refusing payloads over {@code commandLimit} from the frame header. */
    FrameReader newReader(ToIntFunction<String> commandLimit);

    /** The frame header for {@code payload}, to be written just before it. */
    byte[] header(String command, byte[] payload);

    /** Size of {@link #header}'s result, for accounting queued bytes before the header is made. */
    int headerSize();
}
