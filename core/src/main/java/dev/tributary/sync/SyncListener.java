package dev.tributary.sync;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.store.ChainListener;
import java.util.List;

/**
 * Progress events of synchronization, on the engine thread. Implementations must return quickly: the
 * command line draws progress bars from them, the node logs them.
 */
public interface SyncListener extends ChainListener {

    /** A peer answered {@code getheaders}; {@code accepted} of {@code received} were new and valid. */
    default void onHeadersReceived(SyncPeer peer, int received, int accepted, HeaderSyncData bestHeader) {
    }

    /** A block body arrived from a peer and was stored. */
    default void onBlockStored(SyncPeer from, HeaderSyncData block, int sizeBytes) {
    }

    /** The download queue changed: what is left and what is in flight per peer. */
    default void onDownloadProgress(DownloadProgress progress) {
    }

    /** The headers pass found a peer's data invalid (already penalized). */
    default void onInvalidData(SyncPeer peer, String reason) {
    }

    /** Sends each event to every listener in turn. */
    static SyncListener composite(List<SyncListener> listeners) {
        List<SyncListener> all = List.copyOf(listeners);
        return new SyncListener() {
            @Override
            public void onHeadersReceived(SyncPeer peer, int received, int accepted, HeaderSyncData bestHeader) {
                all.forEach(l -> l.onHeadersReceived(peer, received, accepted, bestHeader));
            }

            @Override
            public void onNewHeaderTip(HeaderSyncData tip) {
                all.forEach(l -> l.onNewHeaderTip(tip));
            }

            @Override
            public void onNewBlockTip(HeaderSyncData tip) {
                all.forEach(l -> l.onNewBlockTip(tip));
            }

            @Override
            public void onBlockStored(SyncPeer from, HeaderSyncData block, int sizeBytes) {
                all.forEach(l -> l.onBlockStored(from, block, sizeBytes));
            }

            @Override
            public void onDownloadProgress(DownloadProgress progress) {
                all.forEach(l -> l.onDownloadProgress(progress));
            }

            @Override
            public void onInvalidData(SyncPeer peer, String reason) {
                all.forEach(l -> l.onInvalidData(peer, reason));
            }
        };
    }
}
