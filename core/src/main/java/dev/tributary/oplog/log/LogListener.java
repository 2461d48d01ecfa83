package dev.tributary.oplog.log;

import dev.tributary.oplog.entry.Entry;

/**
 * Told of each entry once it is stored, after the write that stored it: appended here ({@code local}) or joined.
 * Called on the thread that appended or joined, oldest first within a join; must not block or throw.
 */
@FunctionalInterface
public interface LogListener {
    void applied(Entry entry, boolean local);
}
