package dev.tributary.node.http;

/** A request that is not what the route takes: answered 400 with the message. */
public final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
        super(message, null, false, false);
    }
}
