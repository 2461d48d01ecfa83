package dev.tributary.net.bitcoin;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.engine.Scheduler;
import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerNetwork;
import dev.tributary.wire.BitcoinFraming;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Starts {@link PeerNetwork}s that speak Bitcoin's framing and control protocol: the {@link BitcoinHandshake},
 * {@link BitcoinPing} and {@link AddressGossip} installed; the caller adds its protocols (a chain's sync, a DAG's)
 * and builds.
 */
public final class BitcoinNetworks {
    private BitcoinNetworks() {
    }

    /**
     * A network named {@code name} with Bitcoin framing under {@code magic}.
     *
     * @param config      the network's connect list, seeds and outbound target, and the user agent and ping timing
     * @param startHeight the height announced in {@code version} (the best block this node can serve)
     * @param services    the service bits this node advertises
     */
    public static PeerNetwork.Builder builder(String name, int magic, int defaultPort, List<String> dnsSeeds,
            NetConfig config, Scheduler scheduler, IntSupplier startHeight, long services, Random random) {
        return PeerNetwork.builder(name, new BitcoinFraming(magic))
                .config(config)
                .defaultPort(defaultPort)
                .dnsSeeds(dnsSeeds)
                .random(random)
                .handshake(new BitcoinHandshake(scheduler, startHeight, services, config.userAgent(), random))
                .module(new BitcoinPing(scheduler, config.pingIntervalMillis(), config.pingTimeoutMillis(), random))
                .module(new AddressGossip(scheduler, random));
    }

    /** {@link #builder} for a Bitcoin chain's network: its name, magic, default port and DNS seeds. */
    public static PeerNetwork.Builder forChain(NetworkParameters params, NetConfig config, Scheduler scheduler,
            IntSupplier startHeight, long services, Random random) {
        return builder(params.name(), params.magic(), params.defaultPort(), params.dnsSeeds(), config, scheduler,
                startHeight, services, random);
    }
}
