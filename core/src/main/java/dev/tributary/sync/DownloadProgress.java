package dev.tributary.sync;

import java.util.Map;

/**
 * A snapshot of the block download: batches still queued, blocks not yet stored, and blocks in flight
 * per peer (by label), as the seed's log line "96, Map(peer -> 20, ...)" shows.
 */
public record DownloadProgress(int queuedBatches, int remainingBlocks, int totalBlocks, Map<String, Integer> inFlightPerPeer) {
    public DownloadProgress {
        inFlightPerPeer = Map.copyOf(inFlightPerPeer);
    }

    @Override
    public String toString() {
        return queuedBatches + " batches queued, " + remainingBlocks + "/" + totalBlocks + " blocks remaining, in flight "
                + inFlightPerPeer;
    }
}
