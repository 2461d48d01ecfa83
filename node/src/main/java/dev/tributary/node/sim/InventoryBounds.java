package dev.tributary.node.sim;

import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.sync.inventory.InventorySync;
import dev.tributary.sync.inventory.OrphanPool;
import java.util.List;

/**
 * The bounds an inventory sync (blocks-first chain or DAG) keeps whatever its peers send: orphan pool (count and
 * bytes), requests in flight, memory pool, and the known inventory kept per peer (one set per peer not yet gone,
 * each within the cache size).
 */
final class InventoryBounds {
    private InventoryBounds() {
    }

    /** Adds a line to {@code out} for each bound {@code sync} of node {@code name}, with {@code peers} peers, breaks. */
    static void check(String name, InventorySync<?, ?> sync, InventoryConfig config, int peers, List<String> out) {
        if (sync.orphans().size() > OrphanPool.DEFAULT_CAPACITY) {
            out.add(name + " keeps " + sync.orphans().size() + " orphans (at most " + OrphanPool.DEFAULT_CAPACITY + ")");
        }
        if (sync.orphans().bytes() > OrphanPool.DEFAULT_MAX_BYTES) {
            out.add(name + " keeps " + sync.orphans().bytes() + " bytes of orphans (at most "
                    + OrphanPool.DEFAULT_MAX_BYTES + ")");
        }
        if (sync.requests().size() > config.maxOutstandingRequests()) {
            out.add(name + " has " + sync.requests().size() + " requests in flight (at most "
                    + config.maxOutstandingRequests() + ")");
        }
        if (sync.mempool().size() > config.mempoolMaxTransactions() || sync.mempool().bytes() > config.mempoolMaxBytes()) {
            out.add(name + "'s memory pool holds " + sync.mempool().size() + " transactions, " + sync.mempool().bytes()
                    + " bytes (at most " + config.mempoolMaxTransactions() + ", " + config.mempoolMaxBytes() + ")");
        }
        if (sync.relay().trackedPeers() > peers) {
            out.add(name + " keeps the known inventory of " + sync.relay().trackedPeers() + " peers, with " + peers
                    + " connected");
        }
        if (sync.relay().largestKnown() > config.knownInventoryPerPeer()) {
            out.add(name + " keeps " + sync.relay().largestKnown() + " known hashes of one peer (at most "
                    + config.knownInventoryPerPeer() + ")");
        }
    }
}
