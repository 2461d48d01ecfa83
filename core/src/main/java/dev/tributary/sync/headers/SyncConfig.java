package dev.tributary.sync.headers;

import dev.tributary.chain.NetworkParameters;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Tunables of headers-first sync and block download, with Bitcoin Core's values as defaults where Core
 * has one.
 *
 * @param downloadBlocks           whether to fetch block bodies (a full node) or headers only
 * @param batchSize                blocks per request handed to one peer (the seed's {@code batchSize}, 20)
 * @param windowSize               how far past the last connected block requests may reach (Core: 1024)
 * @param maxBlocksPerPass         most bodies one pass downloads before returning "more"
 * @param stallTimeoutMillis       first stall timeout for the peer holding the window start (Core: 2 s)
 * @param maxStallTimeoutMillis    the stall timeout doubles per stall up to this (Core: 64 s)
 * @param blockProgressTimeoutMillis a peer with a batch in flight that delivers nothing for this long is dropped
 * @param headersTimeoutMillis     a {@code getheaders} unanswered for this long drops the peer
 * @param noPeerTimeoutMillis      a download that no peer can serve for this long fails
 * @param minimumChainWork         the chain work a peer's headers must be shown to reach before they are stored
 *                                 (Core's {@code -minimumchainwork}); empty: the network's
 *                                 {@link NetworkParameters#minimumChainWork()}
 */
public record SyncConfig(boolean downloadBlocks, int batchSize, int windowSize, int maxBlocksPerPass,
        long stallTimeoutMillis, long maxStallTimeoutMillis, long blockProgressTimeoutMillis, long headersTimeoutMillis,
        long noPeerTimeoutMillis, Optional<BigInteger> minimumChainWork) {

    public SyncConfig {
        if (minimumChainWork.isPresent() && minimumChainWork.get().signum() < 0) {
            throw new IllegalArgumentException("the minimum chain work cannot be negative");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batch size must be 1..1000, not " + batchSize);
        }
        if (windowSize < batchSize) {
            throw new IllegalArgumentException("window " + windowSize + " is smaller than a batch of " + batchSize);
        }
        if (maxBlocksPerPass < batchSize) {
            throw new IllegalArgumentException("max blocks per pass " + maxBlocksPerPass + " is below the batch size");
        }
    }

    public static SyncConfig defaults() {
        return new SyncConfig(true, 20, 1024, 2000, 2_000, 64_000, 60_000, 120_000, 60_000, Optional.empty());
    }

    public SyncConfig withDownloadBlocks(boolean value) {
        return new SyncConfig(value, batchSize, windowSize, maxBlocksPerPass, stallTimeoutMillis, maxStallTimeoutMillis,
                blockProgressTimeoutMillis, headersTimeoutMillis, noPeerTimeoutMillis, minimumChainWork);
    }

    public SyncConfig withBatchSize(int value) {
        return new SyncConfig(downloadBlocks, value, windowSize, Math.max(maxBlocksPerPass, value), stallTimeoutMillis,
                maxStallTimeoutMillis, blockProgressTimeoutMillis, headersTimeoutMillis, noPeerTimeoutMillis, minimumChainWork);
    }

    public SyncConfig withTimeouts(long stall, long blockProgress, long headers, long noPeer) {
        return new SyncConfig(downloadBlocks, batchSize, windowSize, maxBlocksPerPass, stall,
                Math.max(stall, maxStallTimeoutMillis), blockProgress, headers, noPeer, minimumChainWork);
    }

    public SyncConfig withWindow(int window, int maxPerPass) {
        return new SyncConfig(downloadBlocks, batchSize, window, maxPerPass, stallTimeoutMillis, maxStallTimeoutMillis,
                blockProgressTimeoutMillis, headersTimeoutMillis, noPeerTimeoutMillis, minimumChainWork);
    }

    /** With a minimum chain work other than the network's (Core's {@code -minimumchainwork}). */
    public SyncConfig withMinimumChainWork(BigInteger value) {
        return new SyncConfig(downloadBlocks, batchSize, windowSize, maxBlocksPerPass, stallTimeoutMillis,
                maxStallTimeoutMillis, blockProgressTimeoutMillis, headersTimeoutMillis, noPeerTimeoutMillis,
                Optional.of(value));
    }

    /** The minimum chain work on {@code network}: the one set here, else the network's. */
    public BigInteger minimumChainWork(NetworkParameters network) {
        return minimumChainWork.orElse(network.minimumChainWork());
    }
}
