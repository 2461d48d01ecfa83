/**
 * The peer layer, protocol-neutral: transports ({@link dev.tributary.net.TcpTransport}, and
 * {@link dev.tributary.net.InMemoryNetwork} with its link conditions and partitions for simulations), connections
 * that carry one {@link dev.tributary.wire.WireFormat} each, and the {@link dev.tributary.net.PeerManager}, which
 * runs any number of {@link dev.tributary.net.PeerNetwork}s over one transport and one listening port. A network
 * is a wire format, a {@link dev.tributary.net.Handshake} and {@link dev.tributary.net.PeerModule}s that register
 * their commands, handlers ({@link dev.tributary.net.MessageDispatcher}, with topic routing) and listeners, and
 * keep their state on each {@link dev.tributary.net.Peer} ({@link dev.tributary.net.PeerStateKey}). What every
 * network shares lives here: connection management, the handshake deadline, misbehaviour scores and bans,
 * outbound targets and address books. Bitcoin's handshake, ping and gossip are modules in {@code net.bitcoin}.
 */
package dev.tributary.net;
