package dev.tributary.sync;

/** A request failed because its peer disconnected; an expected event, logged without a stack trace. */
public final class PeerGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerGoneException(String message) {
        super(message, null, false, false);
    }
}
