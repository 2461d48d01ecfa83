package dev.tributary.node;

import dev.tributary.net.PeerNetwork;
import java.util.List;

/**
 * One part of a {@link Node}: a chain synced headers-first or blocks-first, a BlockDAG, and later databases and
 * record endpoints. A node is assembled from services; each brings what it runs on the node's shared parts:
 *
 * <ul>
 *   <li>its {@link PeerNetwork}s (their codecs, handshake and protocol modules), run by the node's one peer
 *       manager over one transport and one listening port;</li>
 *   <li>its state in its own keyspaces of the node's one store ({@link ServiceContext#store()});</li>
 *   <li>its section of {@code GET /status} ({@link #status()}); the node's HTTP server (in the
 *       {@code tributary-node} artifact, not this library) also serves the routes of services that declare some,
 *       and {@code POST /mine} for a {@link MiningService};</li>
 *   <li>its lifecycle: timers stopped on the engine thread ({@link #stop()}), resources released after the engine
 *       stopped ({@link #close()}).</li>
 * </ul>
 *
 * Adding a kind of service means writing one of these and passing its factory to {@link Node.Builder#service};
 * nothing in the node or the peer manager changes.
 */
public interface NodeService {

    /** The service's name: unique in a node, its section in {@code GET /status} and the prefix of its routes. */
    String name();

    /** The networks the service runs over the node's peers (none for a service without peers). */
    List<PeerNetwork> networks();

    /**
     * What the service has now, as its section of {@code GET /status}: a record (or map) that Jackson writes.
     * Engine thread.
     */
    Object status();

    /**
     * Registers the service's meters, served by {@code GET /metrics} (by default none). Called once, after every
     * service opened and before the node starts.
     */
    default void meters(ServiceMeters meters) {
    }

    /**
     * What the service is doing with {@code peer}, one of the peers of its {@link #networks()}, for its row of
     * {@code GET /peers}: a few values Jackson writes, such as {@code {"blocksInFlight": 16, "syncPeer": true}}; by
     * default none. Engine thread.
     */
    default java.util.Map<String, Object> peerActivity(dev.tributary.net.Peer peer) {
        return java.util.Map.of();
    }

    /** The node is stopping: cancel timers. Engine thread. */
    default void stop() {
    }

    /** The engine has stopped: release what the service opened (threads, store views). Idempotent. */
    default void close() {
    }

    /** Makes a service from the node's shared parts. */
    @FunctionalInterface
    interface Factory {
        NodeService open(ServiceContext context);
    }
}
