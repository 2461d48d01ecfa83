package dev.tributary.net;

import dev.tributary.wire.Message;

/**
 * The module of a {@link PeerNetwork} that opens every connection: until it reports a peer {@link Outcome#ready},
 * the peer's messages go to it alone, and any message it does not take costs the peer
 * {@link Penalty#MESSAGE_BEFORE_HANDSHAKE}. Engine thread only.
 */
public interface Handshake extends PeerModule {

    /**
     * A connection of this network opened: an outbound one when it is dialled, an inbound one when its first
     * message arrives (before that, its network is not known).
     */
    void start(Peer peer, Outcome outcome);

    /**
     * A message from a peer whose handshake has not completed.
     *
     * @return whether the message belongs to the handshake (false: the peer spoke too early)
     */
    boolean onMessage(Peer peer, Message message, Outcome outcome);

    /** What a handshake tells the peer layer. */
    interface Outcome {
        /**
         * The handshake with {@code peer} completed: protocols may use it from now on.
         *
         * @param description who the peer says it is, for the log line ({@code "/Satoshi:27.0.0/ 70016, height 5"})
         */
        void ready(Peer peer, String description);
    }
}
