package dev.tributary.oplog.log;

import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.Identity;

/**
 * Who may write to a log: OrbitDB's log takes "any object with {@code canAppend}", and so does this one. A database
 * passes its access controller's write list. The identity given is the one the entry names, already resolved; a
 * join verifies that identity's signatures, that it is the entry's key, and the entry's signature itself, so this
 * only decides whether that writer may write.
 */
@FunctionalInterface
public interface WriteAccess {
    /** Anyone may write (OrbitDB's default for a bare log). */
    WriteAccess ANYONE = (entry, identity) -> true;

    boolean canAppend(Entry entry, Identity identity);
}
