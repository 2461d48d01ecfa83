package dev.tributary.sync.inventory;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.dag.DagParameters;

/**
 * Tunables of inventory sync, with btcd's values as defaults.
 *
 * @param stallTimeoutMillis        a sync peer that delivers no block for this long is replaced (btcd: 3 min)
 * @param stallCheckIntervalMillis  how often stalls, request timeouts and orphan expiry are checked (btcd: 30 s)
 * @param requestTimeoutMillis      a {@code getdata} unanswered this long is asked again, of another peer if any
 * @param maxRequestAttempts        after this many attempts a request is given up
 * @param maxOutstandingRequests    most {@code getdata} entries in flight over all peers (btcd: 50,000)
 * @param allowUnrequestedBlocks    accept blocks nobody asked for (regtest); elsewhere they are misbehaviour
 * @param knownInventoryPerPeer     size of the per-peer LRU cache of inventory the peer is known to have
 * @param mempoolMaxTransactions    most transactions in the memory pool
 * @param mempoolMaxBytes           most bytes of transactions in the memory pool
 */
public record InventoryConfig(long stallTimeoutMillis, long stallCheckIntervalMillis, long requestTimeoutMillis,
        int maxRequestAttempts, int maxOutstandingRequests, boolean allowUnrequestedBlocks, int knownInventoryPerPeer,
        int mempoolMaxTransactions, long mempoolMaxBytes) {

    public static final long DEFAULT_STALL_TIMEOUT_MILLIS = 3 * 60 * 1000L;
    public static final long DEFAULT_STALL_CHECK_MILLIS = 30 * 1000L;

    public InventoryConfig {
        if (stallTimeoutMillis < 1 || stallCheckIntervalMillis < 1 || requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxRequestAttempts < 1 || maxOutstandingRequests < 1 || knownInventoryPerPeer < 1
                || mempoolMaxTransactions < 1 || mempoolMaxBytes < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
    }

    /** Defaults for {@code params}: unrequested blocks are accepted on regtest only. */
    public static InventoryConfig forNetwork(NetworkParameters params) {
        return defaults("regtest".equals(params.name()));
    }

    /**
     * Defaults for a BlockDAG network: unrequested blocks are accepted on dagtest, the local test network (the
     * DAG counterpart of regtest), as on regtest.
     */
    public static InventoryConfig forDag(DagParameters params) {
        return defaults("dagtest".equals(params.name()));
    }

    /** btcd's values, with {@code allowUnrequestedBlocks} as the network wants it. */
    private static InventoryConfig defaults(boolean allowUnrequestedBlocks) {
        return new InventoryConfig(DEFAULT_STALL_TIMEOUT_MILLIS, DEFAULT_STALL_CHECK_MILLIS, 60_000, 3, 50_000,
                allowUnrequestedBlocks, 1_000, 5_000, 5L * 1024 * 1024);
    }

    public InventoryConfig withStall(long timeoutMillis, long checkIntervalMillis) {
        return new InventoryConfig(timeoutMillis, checkIntervalMillis, requestTimeoutMillis, maxRequestAttempts,
                maxOutstandingRequests, allowUnrequestedBlocks, knownInventoryPerPeer, mempoolMaxTransactions,
                mempoolMaxBytes);
    }

    public InventoryConfig withRequests(long timeoutMillis, int attempts, int maxOutstanding) {
        return new InventoryConfig(stallTimeoutMillis, stallCheckIntervalMillis, timeoutMillis, attempts, maxOutstanding,
                allowUnrequestedBlocks, knownInventoryPerPeer, mempoolMaxTransactions, mempoolMaxBytes);
    }

    public InventoryConfig withAllowUnrequestedBlocks(boolean value) {
        return new InventoryConfig(stallTimeoutMillis, stallCheckIntervalMillis, requestTimeoutMillis,
                maxRequestAttempts, maxOutstandingRequests, value, knownInventoryPerPeer, mempoolMaxTransactions,
                mempoolMaxBytes);
    }

    public InventoryConfig withMempool(int maxTransactions, long maxBytes) {
        return new InventoryConfig(stallTimeoutMillis, stallCheckIntervalMillis, requestTimeoutMillis,
                maxRequestAttempts, maxOutstandingRequests, allowUnrequestedBlocks, knownInventoryPerPeer,
                maxTransactions, maxBytes);
    }
}
