package dev.tributary.node.records;

import java.io.IOException;
import java.net.URI;

/**
 * An endpoint refused a request for its token (401: none or a wrong one; 403: not allowed). The engine reads its
 * tokens once, at start, so asking again does not help: the live engine ({@link LiveSync}) stops on it rather than
 * trying again, as a one-shot pass fails.
 */
public final class TokenRefused extends IOException {
    private static final long serialVersionUID = 1L;

    /** The URL that refused. */
    private final transient URI uri;

    TokenRefused(String message, URI uri) {
        super(message);
        this.uri = uri;
    }

    /** The URL that refused the request: which endpoint's token it was, for a caller that knows which is which. */
    public URI uri() {
        return uri;
    }
}
