package dev.tributary.node;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.net.HeadersFirstProtocol;
import dev.tributary.net.Peer;
import dev.tributary.net.PeerManager;
import dev.tributary.sync.ChainState;
import dev.tributary.wire.BlockHeader;
import dev.tributary.wire.HeadersMessage;
import java.util.Optional;

/**
 * Raises a peer's best known height to the last header it sent, once that header is in the index: a
 * peer that sends a header has the block (Bitcoin Core's {@code UpdateBlockAvailability}). The download
 * manager hands a peer only the blocks up to its best known height, which otherwise comes from the
 * peer's {@code version} message and from announcements of blocks already known; so a peer whose chain
 * grew after the handshake, announced by an {@code inv} of a block we did not have, was never asked for
 * the new blocks, and a running node stopped following it.
 *
 * <p>Registered after {@link HeadersFirstProtocol}'s own handler, so the headers have been attached when
 * it runs (a pass attaches them synchronously as the answer arrives). Engine thread only. The rule
 * belongs with the headers-first protocol in core; this keeps a node following its peers until it is
 * there, and is harmless after (raising a height is idempotent).
 */
final class PeerHeightFromHeaders {
    private PeerHeightFromHeaders() {
    }

    static void install(PeerManager peers, ChainState chain, HeadersFirstProtocol protocol) {
        peers.dispatcher().on(HeadersMessage.class, (peer, m) -> onHeaders(peer, m, chain, protocol));
    }

    private static void onHeaders(Peer peer, HeadersMessage m, ChainState chain, HeadersFirstProtocol protocol) {
        if (m.headers().isEmpty()) {
            return;
        }
        BlockHeader last = m.headers().get(m.headers().size() - 1);
        Optional<HeaderSyncData> known = chain.index().get(last.hash());
        if (known.isPresent() && known.get().height() > peer.bestKnownHeight()) {
            peer.updateBestKnownHeight(known.get().height());
            protocol.downloads().onPeerAdvanced(peer);
        }
    }
}
