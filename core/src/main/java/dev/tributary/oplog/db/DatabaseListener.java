package dev.tributary.oplog.db;

import dev.tributary.oplog.cid.Cid;

/**
 * Told of each entry applied to a database, written here or joined from a peer, after it is stored (OrbitDB's
 * {@code update} event). Called on the thread that wrote or joined, oldest first within a join; must not block.
 */
@FunctionalInterface
public interface DatabaseListener {
    /** An applied entry: its CID, its payload (the operation: for OrbitDB's databases a map with op, key, value). */
    record Update(String address, Cid cid, Object payload, boolean local) {
    }

    void applied(Update update);
}
