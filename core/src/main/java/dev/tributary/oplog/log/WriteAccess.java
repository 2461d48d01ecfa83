package dev.tributary.oplog.log;

import dev.tributary.oplog.entry.Entry;
import dev.tributary.oplog.identity.Identity;

/**
 * Who may write to a log: OrbitDB's log takes "any object with {@code canAppend}", and so does this one. A database
 * passes its access controller's {@code canAppend}; the identity given is the writer's, already resolved.
 */
@FunctionalInterface
public interface WriteAccess {
    /** Anyone may write (OrbitDB's default for a bare log). */
    WriteAccess ANYONE = (entry, identity) -> true;

    boolean canAppend(Entry entry, Identity identity);
}
