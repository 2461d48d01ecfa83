package dev.tributary.sync.replication;

import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.entry.InvalidEntryException;
import dev.tributary.oplog.log.BlockSource;
import dev.tributary.oplog.log.JoinResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The work on a received batch of blocks that runs off the engine thread: decoding each block as an entry (hashed
 * once and checked against the CID it was asked for), verifying entries ahead of their join, and the join into the
 * replica's log. Stateless; any thread but the engine's.
 */
final class BatchJoins {
    private BatchJoins() {
    }

    /**
     * A batch decoded ahead of its join.
     *
     * @param entries       the batch's entries, decoded
     * @param writerUnknown how many of them were not verified ahead because their writer's identity was not here
     *                      yet (the first batches of a writer, before a join stores its identity)
     */
    record Prepared(List<Entry> entries, int writerUnknown) {
    }

    /**
     * While earlier batches are joined: decodes a batch and verifies its entries ahead of their join
     * ({@link dev.tributary.oplog.log.OpLog#preverify}); null when a block does not decode.
     */
    static Prepared prepare(Replica r, List<DbMessages.Block> blocks) {
        long start = ReplicationStageTimes.COUNTERS.start();
        List<Entry> entries;
        try {
            entries = decodeAll(blocks);
        } catch (InvalidEntryException e) {
            return null;
        }
        ReplicationStageTimes.COUNTERS.record(ReplicationStageTimes.Stage.DECODE, start, entries.size());
        return new Prepared(entries, preverify(r, entries));
    }

    private static int preverify(Replica r, List<Entry> entries) {
        long start = ReplicationStageTimes.COUNTERS.start();
        int writerUnknown = r.db.log().preverify(entries);
        ReplicationStageTimes.COUNTERS.record(ReplicationStageTimes.Stage.VERIFY, start, entries.size() - writerUnknown);
        return writerUnknown;
    }

    /** Verifies ahead, again, a prepared batch's entries whose writer was not known at first (the others skipped). */
    static Prepared preverifyAgain(Replica r, Prepared p) {
        return new Prepared(p.entries(), preverify(r, p.entries()));
    }

    /**
     * The entries of {@code blocks}, decoded (each block hashed once and checked against the CID it was asked
     * for). Entries the log already holds are not filtered out here: they were asked for because they were missing,
     * and the join skips those stored meanwhile (one store lookup for the batch, {@code LogStore#hasAll}).
     *
     * @throws InvalidEntryException for the first block that is not a valid entry
     */
    static List<Entry> decodeAll(List<DbMessages.Block> blocks) {
        List<Entry> entries = new ArrayList<>(blocks.size());
        for (DbMessages.Block b : blocks) {
            // each block's array was read off the wire for it alone: the entry keeps it without a copy
            entries.add(Entry.decodeHandedOver(DbMessages.cidOf(b.digest()), b.bytes()));
        }
        return entries;
    }

    /** Joins decoded entries (verification, but for pre-verified entries, is in the join). */
    static CompletableFuture<JoinResult> joinDecoded(Replica r, List<Entry> entries, BlockSource source) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(new JoinResult.AlreadyKnown());
        }
        // The direct path (a replica's usual batch) joins within the call; a join that fetches ancestors goes on
        // where its fetches complete, and only its first part is counted here.
        long start = ReplicationStageTimes.COUNTERS.start();
        CompletableFuture<JoinResult> joined = r.db.log().joinAll(entries, source);
        ReplicationStageTimes.COUNTERS.record(ReplicationStageTimes.Stage.JOIN, start, entries.size());
        return joined;
    }

    /** Decodes and joins a batch (verification happens in the join); a block that does not decode rejects it. */
    static CompletableFuture<JoinResult> join(Replica r, List<DbMessages.Block> blocks, BlockSource source) {
        try {
            long start = ReplicationStageTimes.COUNTERS.start();
            List<Entry> entries = decodeAll(blocks);
            ReplicationStageTimes.COUNTERS.record(ReplicationStageTimes.Stage.DECODE, start, entries.size());
            return joinDecoded(r, entries, source);
        } catch (InvalidEntryException e) {
            return CompletableFuture.completedFuture(new JoinResult.Rejected(e.reason(), e.getMessage()));
        }
    }
}
