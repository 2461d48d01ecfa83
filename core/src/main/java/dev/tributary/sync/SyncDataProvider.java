package dev.tributary.sync;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.BlockHeader;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The source of data for one pass, bound to a set of peers and made afresh for every pass: headers come
 * from the one sync peer, blocks from all peers.
 */
public interface SyncDataProvider {

    /** Asks the sync peer for the headers following the first locator hash it knows (at most 2,000). */
    CompletableFuture<List<BlockHeader>> getHeaders(List<Hash> locators);

    /**
     * Downloads the bodies of these blocks from all peers and stores them; completes when every one is
     * stored, exceptionally when they cannot be fetched.
     */
    CompletableFuture<Void> downloadBlocks(List<HeaderSyncData> blocks);

    /** Reports that the sync peer sent invalid data: adds {@code points} to its misbehaviour score. */
    void penalize(int points, String reason);

    /** The sync peer, for logs and events. */
    SyncPeer syncPeer();
}
