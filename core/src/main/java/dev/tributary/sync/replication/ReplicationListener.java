package dev.tributary.sync.replication;

/** Told of replication's progress; called on the engine thread, must not block. */
public interface ReplicationListener {

    /** Entries were listed, fetched or applied for a database and a peer (at most a few times a second). */
    default void progress(PeerProgress progress) {
    }

    /** The database now holds everything {@code progress.peer()} announced ({@code synced}). */
    default void synced(PeerProgress progress) {
    }
}
