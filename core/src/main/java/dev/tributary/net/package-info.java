/**
 * Peers and the transports beneath them: {@link dev.tributary.net.Connection}s over TCP (or in memory for
 * tests), the {@link dev.tributary.net.PeerManager} (handshake, outbound target, inbound listener,
 * discovery, ping, misbehaviour and bans, message dispatch), and protocol installers that plug the
 * synchronizers into it ({@link dev.tributary.sync.headers.HeadersFirstProtocol}). A later protocol adds its own
 * messages by registering handlers on the {@link dev.tributary.net.MessageDispatcher}.
 */
package dev.tributary.net;
