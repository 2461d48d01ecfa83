package dev.tributary.net;

import java.net.InetSocketAddress;

/** How peers' addresses appear in logs and errors: {@code 127.0.0.1:8333}, the host unresolved if need be. */
public final class HostPort {
    private HostPort() {
    }

    public static String of(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ":" + address.getPort();
    }
}
