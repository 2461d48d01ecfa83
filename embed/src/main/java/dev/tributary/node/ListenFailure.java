package dev.tributary.node;

import java.net.BindException;
import java.util.Locale;

/**
 * Why a listening socket could not be bound, in a person's words ("the port is in use"), the same for the peer port
 * and the HTTP API's, rather than the operating system's ("Address already in use").
 */
public final class ListenFailure {
    private ListenFailure() {
    }

    /** The reason {@code e} gives, in words: what follows "cannot listen for peers on HOST:PORT: " or "cannot serve HTTP on HOST:PORT: ". */
    public static String reason(BindException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("in use") ? "the port is in use"
                : m.contains("assign") ? "the address is not one of this machine's"
                : m.contains("permission") ? "permission denied (ports below 1024 need privileges)"
                : m.replaceFirst("\\s*\\(.*\\)$", "");
    }
}
