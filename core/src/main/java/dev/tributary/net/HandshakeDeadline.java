package dev.tributary.net;

import java.util.Collection;

/**
 * Drops a connection whose network's handshake has not completed within the deadline of connecting, whatever
 * the network (Core: 60 s). Engine thread only.
 */
final class HandshakeDeadline {
    private final long deadlineMillis;

    HandshakeDeadline(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
    }

    /** Disconnects the peers past the deadline; run periodically. */
    void check(Collection<Peer> peers, long nowMillis) {
        for (Peer p : peers) {
            if (!p.isReady() && nowMillis - p.connectedAtMillis() > deadlineMillis) {
                p.disconnect("no handshake within " + deadlineMillis / 1000 + " s"
                        + (p.messagesReceived() == 0 ? " (it sent nothing, not even its version message)" : ""));
            }
        }
    }
}
