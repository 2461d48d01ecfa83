package dev.tributary.bytes;

/**
 * Input bytes that do not decode: truncated, over a limit, or out of range. Thrown by the readers of
 * untrusted data and caught at the codec boundary, where it becomes an error value. It carries no stack
 * trace: it describes the peer's input, not a bug in this program, and is cheap to raise in a flood.
 */
public final class MalformedDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedDataException(String message) {
        super(message, null, false, false);
    }
}
