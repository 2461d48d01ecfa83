package dev.tributary.sync.replication;

import dev.tributary.oplog.db.Database;
import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.log.LogListener;
import dev.tributary.oplog.recon.SortedItems;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One replicated database: its handle, the reconciliation items of its log (time, CID digest), kept in step by a
 * log listener on whatever thread writes, and its queue of batches to join (one join at a time). Engine thread,
 * but for the items and the listener.
 */
final class Replica {
    final Database db;
    final String address;
    final SortedItems items = new SortedItems();
    final ArrayDeque<ApplyBatch> queue = new ArrayDeque<>();
    /**
     * Set from the writer's thread when an entry from a peer is stored and an announcement of the new heads is
     * wanted; cleared by the engine when the heads go out, so every entry stored until then shares that one
     * announcement (and that one engine task) instead of waking the engine once per entry.
     */
    final AtomicBoolean changeQueued = new AtomicBoolean();
    /** Entries written here, waiting for the engine to push them to the peers; any thread. */
    final java.util.concurrent.ConcurrentLinkedQueue<Entry> localOut = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Whether an engine task to push {@link #localOut} is queued: one task for all the entries written meanwhile. */
    final AtomicBoolean pushQueued = new AtomicBoolean();
    /**
     * Set by the engine when a peer first links this replica, before it sends the heads; until then a local write
     * has no one to be pushed to and does not wake the engine (the link's heads and reconciliation carry it).
     */
    volatile boolean everLinked;
    boolean applying;
    boolean headsScheduled;
    /** Entries received from peers (fetched or pushed), stored from peers, and when it was last found synced with one
     * (engine milliseconds; 0: never): the totals of {@link DatabaseProgress}. */
    long received;
    long applied;
    long lastSyncMillis;
    private final LogListener listener;

    /**
     * A batch of blocks from a peer to join: from catch-up, or one pushed entry to relay when new; null blocks ask
     * for a direct fetch of the peer's heads. {@code prepared}, when not null, decodes and pre-verifies the blocks
     * on a worker while earlier batches are joined (it yields null when a block does not decode: the join then
     * decodes them again and rejects the batch with the reason).
     */
    record ApplyBatch(PeerLink from, List<DbMessages.Block> blocks, boolean relay,
            java.util.concurrent.CompletableFuture<BatchJoins.Prepared> prepared) {
        ApplyBatch(PeerLink from, List<DbMessages.Block> blocks, boolean relay) {
            this(from, blocks, relay, null);
        }
    }

    /**
     * Reads the log's items (newest first in the store, added oldest first here) and starts following the log;
     * {@code onApplied(entry, local)} runs on the writer's thread after each entry is stored.
     */
    Replica(Database db, BiConsumer<Entry, Boolean> onApplied) {
        this.db = db;
        this.address = db.address();
        // The store gives them newest first; added oldest first, each is an append.
        long[][] times = {new long[1024]};
        List<byte[]> digests = new ArrayList<>();
        db.log().store().scanTimesAndDigests((time, digest) -> {
            if (digests.size() == times[0].length) {
                times[0] = java.util.Arrays.copyOf(times[0], digests.size() * 2);
            }
            times[0][digests.size()] = time;
            digests.add(digest);
            return true;
        });
        for (int i = digests.size() - 1; i >= 0; i--) {
            items.add(times[0][i], digests.get(i));
        }
        this.listener = (entry, local) -> {
            items.add(entry.clock().time(), entry.cid().digest());
            onApplied.accept(entry, local);
        };
        db.log().addListener(listener);
    }

    void close() {
        db.log().removeListener(listener);
    }

    /** Heads as digests, newest first (at most {@link DbMessages#MAX_HEADS}), and their number. */
    DbMessages.Heads heads() {
        List<byte[]> out = new ArrayList<>();
        var heads = db.log().headCids();
        for (int i = 0; i < heads.size() && out.size() < DbMessages.MAX_HEADS; i++) {
            out.add(heads.get(i).digest());
        }
        return new DbMessages.Heads(address, heads.size(), out);
    }
}
