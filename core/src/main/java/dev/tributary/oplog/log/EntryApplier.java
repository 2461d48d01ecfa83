package dev.tributary.oplog.log;

import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.store.LogStore;
import dev.tributary.oplog.store.OrderKey;

/**
 * What a database adds to the write that puts an entry in its log: its index changes. Called once per entry, in
 * the batch that adds it, parents before children; reads through {@code batch} see the batch's earlier changes.
 * Must not throw for any entry that passed the join's checks (a payload it does not understand changes no index).
 */
@FunctionalInterface
public interface EntryApplier {
    /** Applies nothing: a bare log, or an event log. */
    EntryApplier NONE = (entry, at, batch) -> { };

    void apply(Entry entry, OrderKey at, LogStore.LogBatch batch);
}
