package dev.tributary.sync.inventory;

import dev.tributary.bytes.Hash;
import dev.tributary.sync.SyncPeer;
import java.util.List;

/**
 * What a graph's own way of syncing adds to {@link InventorySync} (such as {@link DagReconciler} for a BlockDAG):
 * peers it syncs with itself are not chosen as sync peers, it hears of connected blocks, and it may take over
 * fetching an orphan's ancestors from btcd's {@code getblocks}. {@link #NONE} changes nothing. Engine thread only.
 */
interface InventoryExtension {

    /** Whether {@code peer} may become the sync peer (be sent {@code getblocks} from our tips). */
    boolean maySyncFrom(SyncPeer peer);

    /** Blocks were connected, parents first: from peers, released orphans, or made here. */
    void onConnected(List<Hash> hashes);

    /**
     * {@code peer} sent (or announced again) the orphan {@code orphan}, or a block it waits on connected while it
     * still misses others. Returns true when the extension fetches what it lacks; false leaves it to btcd's way
     * ({@code getdata} of the missing parents, {@code getblocks} up to the orphan root).
     */
    boolean fetchesAncestors(SyncPeer peer, Hash orphan);

    /** Inventory sync alone. */
    InventoryExtension NONE = new InventoryExtension() {
        @Override
        public boolean maySyncFrom(SyncPeer peer) {
            return true;
        }

        @Override
        public void onConnected(List<Hash> hashes) {
        }

        @Override
        public boolean fetchesAncestors(SyncPeer peer, Hash orphan) {
            return false;
        }
    };
}
