package dev.tributary.node.cli;

import dev.tributary.net.PeerListener;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For {@code node}: when a peer closes the connection before the handshake, finds out (off the engine thread, once
 * per address) whether it speaks another network ({@link NetworkProbe}) and says so in a warning, such as
 * {@code 127.0.0.1:18444 speaks mainnet, not regtest: it will not sync with this node}, instead of retrying in
 * silence.
 */
final class StrangerWarnings implements PeerListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.tributary.node");
    private final List<String> ours;
    private final Set<InetSocketAddress> probed = ConcurrentHashMap.newKeySet();

    StrangerWarnings(Collection<String> ours) {
        this.ours = List.copyOf(ours);
    }

    @Override
    public void onConnectFailed(InetSocketAddress address, String reason) {
        if (reason == null || !reason.contains("before the handshake") || !probed.add(address)) {
            return;
        }
        Thread probe = new Thread(() -> NetworkProbe.otherNetworkOf(address, ours, 2_000).ifPresent(net ->
                log.warn("{}: it will not sync with this node", NetworkProbe.sentence(address, net, ours))),
                "network-probe");
        probe.setDaemon(true);
        probe.start();
    }
}
