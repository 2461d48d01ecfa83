package dev.tributary.sync.headers;

import dev.tributary.sync.SyncDataProvider;
import dev.tributary.sync.SyncPeer;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.BlockHeader;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The provider of one pass: headers from the sync peer, bodies through the download manager from all peers. */
public final class PeerSyncDataProvider implements SyncDataProvider {
    private final SyncPeer peer;
    private final HeaderRequests headerRequests;
    private final DownloadManager downloads;

    public PeerSyncDataProvider(SyncPeer peer, HeaderRequests headerRequests, DownloadManager downloads) {
        this.peer = peer;
        this.headerRequests = headerRequests;
        this.downloads = downloads;
    }

    @Override
    public CompletableFuture<List<BlockHeader>> getHeaders(List<Hash> locators) {
        return headerRequests.request(peer, locators);
    }

    @Override
    public CompletableFuture<Void> downloadBlocks(List<HeaderSyncData> blocks) {
        // The sync peer sent these headers, so it may be asked for the blocks whatever its advertised height.
        return downloads.download(blocks, peer);
    }

    @Override
    public void penalize(int points, String reason) {
        peer.misbehave(points, reason);
    }

    @Override
    public SyncPeer syncPeer() {
        return peer;
    }
}
