package dev.tributary.net;

import dev.tributary.wire.MessageCodec;
import java.util.Collection;

/**
 * One protocol on a {@link PeerNetwork}: it registers the commands it speaks (each command belongs to one
 * module of a network), then its message handlers and peer listeners, and keeps whatever it needs per peer in
 * the peer's state ({@link Peer#state}). Bitcoin's ping and address gossip are modules, and so is each
 * synchronizer's adapter; a network's {@link Handshake} is the module that decides when a peer may be used.
 *
 * <p>Every method runs on the engine thread, but {@link #registerMessages}, which runs while the network is
 * built.
 */
public interface PeerModule {

    /** The module's name, as registered commands name their owner ({@code "bitcoin ping"}). */
    String name();

    /** Registers the commands this module speaks. */
    default void registerMessages(MessageCodec.Builder codec) {
    }

    /** Registers the module's handlers and listeners on {@code network}; called once, when the network is built. */
    void install(PeerNetwork network);

    /** Periodic upkeep (every 500 ms) over the network's connected peers, ready or not. */
    default void maintain(Collection<Peer> peers) {
    }

    /** The node is stopping: cancel timers. */
    default void stop() {
    }
}
