/**
 * Bitcoin's control protocol as modules of a {@link dev.tributary.net.PeerNetwork}: the
 * {@link dev.tributary.net.bitcoin.BitcoinHandshake} ({@code version}/{@code verack}, {@code sendheaders}),
 * {@link dev.tributary.net.bitcoin.BitcoinPing} and {@link dev.tributary.net.bitcoin.AddressGossip}, their
 * messages, and {@link dev.tributary.net.bitcoin.BitcoinPeer}, what they keep on each peer.
 * {@link dev.tributary.net.bitcoin.BitcoinNetworks} starts a network with all three; the chain's and the DAG's
 * sync add their own modules.
 */
package dev.tributary.net.bitcoin;
