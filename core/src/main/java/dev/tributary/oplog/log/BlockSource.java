package dev.tributary.oplog.log;

import dev.tributary.oplog.cid.Cid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where a join reads the blocks it lacks (missing ancestors, writers' identities): many CIDs per call, so that
 * a remote source can answer a whole level of the DAG, or more, in one round trip.
 *
 * <p>Contract: the future completes with the blocks the source has among those asked for (possibly none,
 * possibly in any order), or fails if the source itself failed. A join checks every block against its CID, so
 * a source need not be trusted. A join never asks for more than {@link #MAX_BATCH} CIDs in one call.
 */
@FunctionalInterface
public interface BlockSource {
    /** The most CIDs a join asks for in one call. */
    int MAX_BATCH = 256;

    CompletableFuture<Map<Cid, byte[]>> fetch(List<Cid> cids);

    /** A source that has nothing: a join through it succeeds only if no ancestor is missing. */
    static BlockSource none() {
        return cids -> CompletableFuture.completedFuture(Map.of());
    }

    /** A source answering from a map (tests, or blocks received in one message). */
    static BlockSource of(Map<Cid, byte[]> blocks) {
        Map<Cid, byte[]> copy = new HashMap<>(blocks);
        return cids -> {
            Map<Cid, byte[]> out = new HashMap<>();
            for (Cid c : cids) {
                byte[] b = copy.get(c);
                if (b != null) {
                    out.put(c, b);
                }
            }
            return CompletableFuture.completedFuture(out);
        };
    }
}
