package dev.tributary.sync.replication;

/** Told of replication's progress and of its peers coming and going; called on the engine thread, must not block. */
public interface ReplicationListener {

    /** Entries were listed, fetched or applied for a database and a peer (at most a few times a second). */
    default void progress(PeerProgress progress) {
    }

    /** The database now holds everything {@code progress.peer()} announced ({@code synced}). */
    default void synced(PeerProgress progress) {
    }

    /**
     * A peer of the replication network connected (handshake done) or went away: {@code connected} are connected
     * now, as {@link DbReplication#connectedPeers} tells.
     */
    default void peersChanged(int connected) {
    }

    /**
     * A peer said which databases it has open ({@code dbopen}: on connecting, and again whenever its list changes):
     * {@code open} are their addresses. A peer that does not list a database sends nothing of it until it does.
     */
    default void peerListed(String peer, java.util.Set<String> open) {
    }
}
