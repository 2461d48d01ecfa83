package dev.tributary.node.http;

import dev.tributary.net.HostPort;
import dev.tributary.net.Peer;
import dev.tributary.net.bitcoin.BitcoinPeer;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.node.Node;
import dev.tributary.node.NodeService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code GET /peers}: one per connected peer, what the peer layer knows of it and what each service
 * running on its network is doing with it ({@link NodeService#peerActivity}).
 *
 * <pre>
 *  [{"id": 3, "address": "127.0.0.1:18444", "direction": "outbound", "network": "regtest", "ready": true,
 *    "userAgent": "/Tributary:0.1.0/", "height": 1200, "score": 0, "bytesIn": 1830211, "bytesOut": 5120,
 *    "messagesIn": 412, "pingMillis": 1, "connectedSeconds": 12, "activity": {"blocksInFlight": 16}}]
 * </pre>
 *
 * {@code userAgent}, {@code height} and {@code pingMillis} are null before the peer said them (its {@code version},
 * its first {@code pong}); {@code bytesIn}/{@code bytesOut} are -1 on a transport that does not count bytes.
 */
final class PeerRows {
    private PeerRows() {
    }

    /**
     * One peer.
     *
     * @param direction        {@code inbound} (it connected to this node) or {@code outbound}
     * @param network          the network it speaks, null while an inbound peer has not said
     * @param ready            whether its handshake completed
     * @param height           the best height it is known to have
     * @param score            its misbehaviour score (100 bans it)
     * @param pingMillis       the round trip of its last answered ping
     * @param connectedSeconds how long it has been connected
     * @param activity         what the services are asking it for, by service name
     */
    record PeerRow(long id, String address, String direction, String network, boolean ready, String userAgent,
            Integer height, int score, long bytesIn, long bytesOut, long messagesIn, Long pingMillis,
            long connectedSeconds, Map<String, Map<String, Object>> activity) {
    }

    /** Every connected peer of {@code node}, oldest connection first. Engine thread. */
    static List<PeerRow> all(Node node) {
        List<PeerRow> rows = new ArrayList<>();
        node.peers().allPeers().stream().sorted(Comparator.comparingLong(Peer::id))
                .forEach(p -> rows.add(of(node, p)));
        return rows;
    }

    /** One peer's row. Engine thread. */
    static PeerRow of(Node node, Peer p) {
        BitcoinPeer b = p.network() == null ? null : BitcoinPeer.of(p);
        VersionMessage v = b == null ? null : b.version();
        Integer height = b == null || b.bestKnownHeight() < 0 ? null : b.bestKnownHeight();
        Long ping = b == null || b.pingMillis() < 0 ? null : b.pingMillis();
        Map<String, Map<String, Object>> activity = new LinkedHashMap<>();
        if (p.isReady()) {
            for (NodeService s : node.services()) {
                if (s.networks().contains(p.network())) {
                    Map<String, Object> a = s.peerActivity(p);
                    if (!a.isEmpty()) {
                        activity.put(s.name(), a);
                    }
                }
            }
        }
        long now = node.engine().nowMillis();
        return new PeerRow(p.id(), HostPort.of(p.address()), p.inbound() ? "inbound" : "outbound",
                p.network() == null ? null : p.network().name(), p.isReady(), v == null ? null : v.userAgent(), height,
                p.misbehaviourScore(), p.bytesReceived(), p.bytesSent(), p.messagesReceived(), ping,
                Math.max(0, (now - p.connectedAtMillis()) / 1000), activity);
    }
}
