package dev.tributary.net;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Tunables of the peer manager, with Bitcoin Core's values as defaults where it has one.
 *
 * @param listen               where to accept inbound connections; empty for none
 * @param connect              peers to connect to exclusively (Core's {@code -connect}): no discovery, and they are
 *                             redialled when they drop
 * @param seeds                extra seed hosts ({@code host} or {@code host:port}), resolved into the address book
 * @param useDnsSeeds          whether to resolve the network's DNS seeds when the address book runs dry
 * @param maxOutbound          target number of outbound connections (the seed's {@code targetConnectCount}, 5)
 * @param maxInbound           most inbound connections accepted
 * @param userAgent            BIP 14 user agent sent in {@code version}
 * @param handshakeTimeoutMillis a peer that has not completed version/verack by then is dropped (Core: 60 s)
 * @param pingIntervalMillis   how often a ping is sent (Core: 2 min)
 * @param pingTimeoutMillis    a ping unanswered for this long drops the peer (Core: 20 min)
 * @param banMillis            how long a peer that reached 100 misbehaviour points is refused (24 h)
 * @param banLoopback          whether loopback addresses are banned (off: many local peers share 127.0.0.1, so a
 *                             misbehaving one is disconnected but its address is not refused)
 * @param maxUploadBytesPerSecond the node's upload limit across all peers, or 0 for none
 * @param connectTimeoutMillis TCP connect timeout
 * @param redialUnreached      whether a {@code connect} peer that has not completed a handshake yet is redialled when
 *                             it cannot be reached (on by default; off for a one-shot sync, which gives up on such a
 *                             peer at once: it must neither redial nor say it will)
 */
public record NetConfig(Optional<InetSocketAddress> listen, List<InetSocketAddress> connect, List<String> seeds,
        boolean useDnsSeeds, int maxOutbound, int maxInbound, String userAgent, long handshakeTimeoutMillis,
        long pingIntervalMillis, long pingTimeoutMillis, long banMillis, boolean banLoopback,
        long maxUploadBytesPerSecond, int connectTimeoutMillis, boolean redialUnreached) {

    /** Bitcoin protocol version spoken: 70015 (BIP 130 sendheaders, BIP 144 witness, BIP 152 aware). */
    public static final int PROTOCOL_VERSION = 70015;
    /** Oldest protocol version accepted from a peer (SPEC: at least 70001). */
    public static final int MIN_PEER_PROTOCOL_VERSION = 70001;

    public NetConfig {
        connect = List.copyOf(connect);
        seeds = List.copyOf(seeds);
        if (maxOutbound < 0 || maxInbound < 0) {
            throw new IllegalArgumentException("connection counts must not be negative");
        }
    }

    public static NetConfig defaults() {
        return new NetConfig(Optional.empty(), List.of(), List.of(), true, 5, 117, "/Tributary:0.1.0/", 60_000,
                120_000, 1_200_000, 24L * 3600 * 1000, false, 0, 5_000, true);
    }

    public NetConfig withListen(InetSocketAddress address) {
        return new NetConfig(Optional.ofNullable(address), connect, seeds, useDnsSeeds, maxOutbound, maxInbound, userAgent,
                handshakeTimeoutMillis, pingIntervalMillis, pingTimeoutMillis, banMillis, banLoopback,
                maxUploadBytesPerSecond, connectTimeoutMillis, redialUnreached);
    }

    public NetConfig withConnect(List<InetSocketAddress> peers) {
        return new NetConfig(listen, peers, seeds, useDnsSeeds, maxOutbound, maxInbound, userAgent, handshakeTimeoutMillis,
                pingIntervalMillis, pingTimeoutMillis, banMillis, banLoopback, maxUploadBytesPerSecond,
                connectTimeoutMillis, redialUnreached);
    }

    public NetConfig withSeeds(List<String> hosts, boolean dnsSeeds) {
        return new NetConfig(listen, connect, hosts, dnsSeeds, maxOutbound, maxInbound, userAgent, handshakeTimeoutMillis,
                pingIntervalMillis, pingTimeoutMillis, banMillis, banLoopback, maxUploadBytesPerSecond,
                connectTimeoutMillis, redialUnreached);
    }

    public NetConfig withMaxOutbound(int n) {
        return new NetConfig(listen, connect, seeds, useDnsSeeds, n, maxInbound, userAgent, handshakeTimeoutMillis,
                pingIntervalMillis, pingTimeoutMillis, banMillis, banLoopback, maxUploadBytesPerSecond,
                connectTimeoutMillis, redialUnreached);
    }

    public NetConfig withMaxUploadRate(long bytesPerSecond) {
        return new NetConfig(listen, connect, seeds, useDnsSeeds, maxOutbound, maxInbound, userAgent,
                handshakeTimeoutMillis, pingIntervalMillis, pingTimeoutMillis, banMillis, banLoopback, bytesPerSecond,
                connectTimeoutMillis, redialUnreached);
    }

    public NetConfig withTimeouts(long handshake, long pingInterval, long pingTimeout) {
        return new NetConfig(listen, connect, seeds, useDnsSeeds, maxOutbound, maxInbound, userAgent, handshake,
                pingInterval, pingTimeout, banMillis, banLoopback, maxUploadBytesPerSecond, connectTimeoutMillis,
                redialUnreached);
    }

    public NetConfig withUserAgent(String value) {
        return new NetConfig(listen, connect, seeds, useDnsSeeds, maxOutbound, maxInbound, value, handshakeTimeoutMillis,
                pingIntervalMillis, pingTimeoutMillis, banMillis, banLoopback, maxUploadBytesPerSecond, connectTimeoutMillis,
                redialUnreached);
    }

    public NetConfig withBanLoopback(boolean ban) {
        return new NetConfig(listen, connect, seeds, useDnsSeeds, maxOutbound, maxInbound, userAgent,
                handshakeTimeoutMillis, pingIntervalMillis, pingTimeoutMillis, banMillis, ban, maxUploadBytesPerSecond,
                connectTimeoutMillis, redialUnreached);
    }

    public NetConfig withRedialUnreached(boolean redial) {
        return new NetConfig(listen, connect, seeds, useDnsSeeds, maxOutbound, maxInbound, userAgent,
                handshakeTimeoutMillis, pingIntervalMillis, pingTimeoutMillis, banMillis, banLoopback,
                maxUploadBytesPerSecond, connectTimeoutMillis, redial);
    }
}
