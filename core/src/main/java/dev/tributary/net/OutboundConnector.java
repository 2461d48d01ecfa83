package dev.tributary.net;

import dev.tributary.engine.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the outbound side of one {@link PeerNetwork} of the peer manager at its target. With {@code --connect} peers it dials only
 * those, redialling each with a backoff that doubles from 1 s to 60 s (but with {@link NetConfig#redialUnreached()} off,
 * one that fails before its first handshake is not dialled again, and its failure goes to the listeners only: the
 * caller, which gives up on it, says what happened, and no log line promises a retry). Otherwise it picks addresses from
 * the address book until {@code maxOutbound} connections are up, filling the book from seed hosts and,
 * when it runs dry, the network's DNS seeds (resolved on a thread of their own, at most every 5 minutes).
 * Engine thread only, except the resolver.
 */
final class OutboundConnector {
    private static final Logger log = LoggerFactory.getLogger(OutboundConnector.class);
    private static final long DNS_INTERVAL_MILLIS = 5 * 60_000;
    private static final long MAX_REDIAL_MILLIS = 60_000;

    private final PeerManager manager;
    private final PeerNetwork network;
    private final NetConfig config;
    private final int defaultPort;
    private final List<String> dnsSeeds;
    private final Scheduler scheduler;
    private final AddressBook book;
    private final Set<InetSocketAddress> connecting = new HashSet<>();
    private final Map<InetSocketAddress, Integer> failures = new HashMap<>();
    private final Map<InetSocketAddress, Long> redialAt = new HashMap<>();
    private final Set<InetSocketAddress> everReady = new HashSet<>();
    private long lastDnsMillis = -DNS_INTERVAL_MILLIS;

    /**
     * @param network whose connect list, seeds, outbound target, DNS seeds, default port and address book apply
     */
    OutboundConnector(PeerManager manager, PeerNetwork network, Scheduler scheduler) {
        this.manager = manager;
        this.network = network;
        this.config = network.config();
        this.defaultPort = network.defaultPort();
        this.dnsSeeds = network.dnsSeeds();
        this.scheduler = scheduler;
        this.book = network.addresses();
    }

    private boolean connectMode() {
        return !config.connect().isEmpty();
    }

    void start() {
        if (!connectMode() && !config.seeds().isEmpty()) {
            resolveInBackground(config.seeds(), "seed");
        }
        maintain();
    }

    void maintain() {
        long now = scheduler.nowMillis();
        if (connectMode()) {
            Set<InetSocketAddress> connected = manager.connectedAddresses(network);
            for (InetSocketAddress a : config.connect()) {
                if (!connected.contains(a) && !connecting.contains(a) && redialAt.getOrDefault(a, 0L) <= now) {
                    dial(a);
                }
            }
            return;
        }
        while (manager.outboundCount(network) + connecting.size() < config.maxOutbound()) {
            Set<InetSocketAddress> exclude = new HashSet<>(manager.connectedAddresses(network));
            exclude.addAll(connecting);
            Optional<InetSocketAddress> next = book.pick(exclude, now);
            if (next.isEmpty()) {
                maybeQueryDnsSeeds(now);
                return;
            }
            InetSocketAddress a = next.get();
            book.attempted(a, now);
            if (manager.isBanned(a.getAddress())) {
                continue;
            }
            dial(a);
        }
    }

    private void dial(InetSocketAddress a) {
        connecting.add(a);
        log.debug("Connecting to {}", a);
        manager.connect(network, a);
    }

    private void maybeQueryDnsSeeds(long now) {
        if (!config.useDnsSeeds() || dnsSeeds.isEmpty() || now - lastDnsMillis < DNS_INTERVAL_MILLIS) {
            return;
        }
        lastDnsMillis = now;
        resolveInBackground(dnsSeeds, "DNS seed");
    }

    private void resolveInBackground(List<String> hosts, String kind) {
        Thread t = new Thread(() -> {
            int total = 0;
            int answered = 0;
            for (String host : hosts) {
                List<InetSocketAddress> found = resolve(host, kind);
                total += found.size();
                answered += found.isEmpty() ? 0 : 1;
                scheduler.execute(() -> {
                    found.forEach(a -> book.add(a, 0, scheduler.nowSeconds()));
                    maintain();
                });
            }
            // One line per round: a machine without DNS would otherwise log every seed every 5 minutes.
            if (total == 0) {
                log.warn("No {} gave an address ({} tried: {})", kind, hosts.size(), String.join(", ", hosts));
            } else {
                log.info("{} {}s of {} gave {} addresses", answered, kind, hosts.size(), total);
            }
        }, "net-resolve");
        t.setDaemon(true);
        t.start();
    }

    private List<InetSocketAddress> resolve(String hostSpec, String kind) {
        String host = hostSpec;
        int port = defaultPort;
        int colon = hostSpec.lastIndexOf(':');
        if (colon > 0 && hostSpec.indexOf(':') == colon) {
            host = hostSpec.substring(0, colon);
            try {
                port = Integer.parseInt(hostSpec.substring(colon + 1));
            } catch (NumberFormatException e) {
                log.warn("Ignoring {} {}: bad port", kind, hostSpec);
                return List.of();
            }
        }
        try {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                out.add(new InetSocketAddress(a, port));
            }
            log.debug("{} {} gave {} addresses", kind, hostSpec, out.size());
            return out;
        } catch (UnknownHostException e) {
            log.debug("{} {} did not resolve: {}", kind, hostSpec, e.getMessage());
            return List.of();
        }
    }

    void connected(InetSocketAddress a) {
        connecting.remove(a);
        failures.remove(a);
        redialAt.remove(a);
    }

    void connectFailed(InetSocketAddress a, String reason) {
        connecting.remove(a);
        book.failed(a);
        int n = failures.merge(a, 1, Integer::sum);
        long delay = Math.min(MAX_REDIAL_MILLIS, 1000L << Math.min(16, n - 1));
        boolean givesUp = givesUp(a);
        redialAt.put(a, givesUp ? Long.MAX_VALUE : scheduler.nowMillis() + delay);
        if (connectMode() && !givesUp) {
            log.info("{}; retrying in {} s", reason, delay / 1000);
        } else {
            log.debug("{}", reason);
        }
        manager.notifyConnectFailed(network, a, reason);
    }

    void disconnected(InetSocketAddress a, boolean wasReady) {
        if (wasReady) {
            everReady.add(a);
        }
        if (givesUp(a)) {
            redialAt.put(a, Long.MAX_VALUE);
        } else if (connectMode()) {
            int n = wasReady ? 0 : failures.merge(a, 1, Integer::sum);
            redialAt.put(a, scheduler.nowMillis() + Math.min(MAX_REDIAL_MILLIS, 1000L << Math.min(16, n)));
        }
    }

    /** Whether {@code a}, a peer to connect to that has never completed a handshake, is not to be dialled again. */
    private boolean givesUp(InetSocketAddress a) {
        return connectMode() && !config.redialUnreached() && !everReady.contains(a);
    }

    /**
     * New addresses may be worth dialling. At most once per {@link #LEARNED_INTERVAL_MILLIS} (a peer may send
     * {@code addr} after {@code addr}; picking scans the book), else the periodic maintenance does it.
     */
    void addressesLearned() {
        long now = scheduler.nowMillis();
        if (!connectMode() && manager.outboundCount(network) + connecting.size() < config.maxOutbound()
                && now - lastLearnedMaintain >= LEARNED_INTERVAL_MILLIS) {
            lastLearnedMaintain = now;
            maintain();
        }
    }

    static final long LEARNED_INTERVAL_MILLIS = 1_000;
    private long lastLearnedMaintain = Long.MIN_VALUE / 2;
}
