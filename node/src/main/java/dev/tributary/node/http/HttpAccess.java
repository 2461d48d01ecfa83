package dev.tributary.node.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the node's HTTP server: the token every request that changes something must carry
 * ({@code Authorization: Bearer TOKEN}), and whether the server may listen on an address other hosts reach.
 *
 * <p>A node started by {@code tributary node --http} takes its token from its {@link CookieFile} and listens on
 * loopback addresses only unless {@code --http-allow-remote} is given. Reads ({@code GET}, {@code HEAD}) need no
 * token. No answer carries CORS headers, and a write whose {@code Origin} is not the server's own is refused, so a
 * web page of another site can neither read the answers nor change anything.
 *
 * @param token       the bearer token writes need, or null for none (an embedded server, a test)
 * @param allowRemote whether a non-loopback address (or the wildcard address) may be bound
 */
public record HttpAccess(String token, boolean allowRemote) {

    /** Writes need no token; loopback addresses only. */
    public static HttpAccess open() {
        return new HttpAccess(null, false);
    }

    /** Writes need {@code token}; loopback addresses only. */
    public static HttpAccess withToken(String token) {
        return new HttpAccess(java.util.Objects.requireNonNull(token, "token"), false);
    }

    /** The same, and any address may be bound. */
    public HttpAccess allowingRemote() {
        return new HttpAccess(token, true);
    }

    /** Whether the {@code Authorization} header value {@code header} carries the token (in constant time). */
    public boolean authorizes(String header) {
        if (token == null) {
            return true;
        }
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks that {@code address} may be bound.
     *
     * @throws IllegalStateException naming the address and the option that allows it, when it is not loopback and
     *                               remote access is not allowed
     */
    public void checkBindable(InetSocketAddress address) {
        if (allowRemote) {
            return;
        }
        InetAddress a = address.getAddress();
        if (a == null || !a.isLoopbackAddress()) {
            throw new IllegalStateException("refusing to serve HTTP on " + dev.tributary.net.HostPort.of(address)
                    + ": other hosts could reach it; use a loopback address such as 127.0.0.1, or give"
                    + " --http-allow-remote (http-allow-remote = true in the config file) to allow it");
        }
    }
}
