package dev.tributary.node.records;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;

/**
 * A failure to reach a record endpoint over HTTP, in the user's words: a host that does not resolve, a connection
 * refused, a connection or an answer that did not come in time, a TLS handshake that failed (an https:// URL of a
 * plain HTTP server), a connection closed without an answer (a server that stopped, or one that is not an HTTP server:
 * PostgreSQL closes it without a byte), an answer in another protocol (MariaDB's greeting). Java's HTTP client
 * reports all of the first three as a bare {@link ConnectException}; the cause tells them apart.
 */
final class Unreachable {
    private Unreachable() {
    }

    /**
     * {@code e}, met sending to {@code uri}, in words; {@code e} itself when it is none of these failures.
     *
     * @param who what the endpoint is to the user ({@code "the source "}), or {@code ""}
     * @param timeout the request's timeout, for the message of one that ran out
     */
    static IOException inWords(String who, URI uri, IOException e, Duration timeout) {
        String server = "cannot reach " + who + uri.getScheme() + "://" + uri.getAuthority();
        if (unresolved(e)) {
            return new IOException(server + " (cannot resolve host " + uri.getHost() + ")", e);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new IOException(server + " (no connection: timed out)", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new IOException(who + uri + " did not answer within " + timeout.toSeconds() + " s", e);
        }
        javax.net.ssl.SSLException tls = tls(e);
        if (tls != null) {
            String why = tls.getMessage() == null ? "" : tls.getMessage();
            return new IOException(server + (why.contains("plaintext") ? " (it answers without TLS: is the URL http://?)"
                    : " (the TLS handshake failed: " + why + ")"), e);
        }
        if (anyMessageContains(e, "header parser received no bytes")) {
            return new IOException(who + uri.getScheme() + "://" + uri.getAuthority()
                    + " closed the connection without an HTTP answer: it stopped, or that port is not an HTTP"
                    + " server's", e);
        }
        if (anyMessageContains(e, "Invalid status line")) {
            return new IOException(who + uri.getScheme() + "://" + uri.getAuthority()
                    + " answered something other than HTTP: is that port an HTTP server's?", e);
        }
        if (e instanceof ConnectException) {
            String why = deepestMessage(e);
            return new IOException(server + " (" + (why == null || why.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused" : why.toLowerCase(Locale.ROOT)) + ")", e);
        }
        if (e.getMessage() == null || e.getMessage().isBlank() || e instanceof java.io.EOFException) {
            // Java's HTTP client says nothing more of a connection closed before the answer came
            return new IOException(who + uri.getScheme() + "://" + uri.getAuthority()
                    + " closed the connection before it answered: it stopped, or restarted", e);
        }
        return e;
    }

    /** The TLS failure in {@code e}'s causes, or null. */
    private static javax.net.ssl.SSLException tls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /**
     * Whether a message in {@code e}'s causes holds {@code words}: Java's HTTP client says a server that closed the
     * connection without a byte ("HTTP/1.1 header parser received no bytes") or answered in another protocol
     * ("Invalid status line: ...") only in its messages.
     */
    private static boolean anyMessageContains(Throwable e, String words) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(words)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String deepestMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
