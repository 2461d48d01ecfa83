package dev.tributary.node.records;

import java.io.IOException;

/**
 * An endpoint refused a request for its token (401: none or a wrong one; 403: not allowed). The engine reads its
 * tokens once, at start, so asking again does not help: the live engine ({@link LiveSync}) stops on it rather than
 * trying again, as a one-shot pass fails.
 */
public final class TokenRefused extends IOException {
    private static final long serialVersionUID = 1L;

    TokenRefused(String message) {
        super(message);
    }
}
