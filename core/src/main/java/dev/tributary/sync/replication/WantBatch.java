package dev.tributary.sync.replication;

import dev.tributary.oplog.cid.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code dbwant} in flight: for catch-up (with its {@code link}) or for a join's block source (its
 * {@code source}); {@code sentAt} in engine milliseconds, for the request timeout.
 */
record WantBatch(String address, List<ByteBuffer> digests, PeerLink link, SourceRequest source, long sentAt) {

    /** A join's request for blocks, answered by one or more {@code dbblocks}. Engine thread only, but the future. */
    static final class SourceRequest {
        final CompletableFuture<Map<Cid, byte[]>> future = new CompletableFuture<>();
        final Map<Cid, byte[]> blocks = new HashMap<>();
        int pendingBatches;
    }

    /**
     * Removes and returns the oldest batch in flight that {@code m} answers: one that asked for every block it carries
     * and every digest it lists as missing, each listed once. Answers come in order, so it is the oldest but for a
     * peer that answers twice or out of order; null when {@code m} answers none.
     */
    static WantBatch takeAnswered(ArrayDeque<WantBatch> q, DbMessages.Blocks m) {
        for (Iterator<WantBatch> it = q.iterator(); it.hasNext(); ) {
            WantBatch b = it.next();
            Set<ByteBuffer> asked = new HashSet<>(b.digests());
            Set<ByteBuffer> listed = new HashSet<>();
            boolean answers = true;
            for (DbMessages.Block block : m.blocks()) {
                ByteBuffer k = ByteBuffer.wrap(block.digest());
                answers &= asked.contains(k) && listed.add(k);
            }
            for (byte[] d : m.missing()) {
                ByteBuffer k = ByteBuffer.wrap(d);
                answers &= asked.contains(k) && listed.add(k);
            }
            if (answers) {
                it.remove();
                return b;
            }
        }
        return null;
    }
}
