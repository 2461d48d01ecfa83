package dev.tributary.sync.replication;

import dev.tributary.net.Peer;
import dev.tributary.oplog.recon.ReconItem;
import dev.tributary.oplog.recon.Reconciler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The replication of one database with one peer: what the peer announced, the reconciliation this node runs with
 * it (as initiator), the entries it still has to fetch (at most {@value #MAX_NEEDS}), those asked for and not yet
 * received (at most {@value #MAX_IN_FLIGHT}), and the counters of {@link PeerProgress}. Engine thread only.
 */
final class PeerLink {
    /** Entries listed as missing and kept to fetch; more are left for the next reconciliation. */
    static final int MAX_NEEDS = 200_000;
    /** Entries asked of the peer and not yet received. */
    static final int MAX_IN_FLIGHT = 4 * DbMessages.MAX_WANT;

    final Peer peer;
    final Replica replica;
    List<byte[]> peerHeads;
    long peerHeadsTotal;
    /** The heads last sent to the peer, to send them again only when they changed. */
    List<ByteBuffer> headsSent = List.of();
    /** When the link was made, or this node last told the peer again what it may have missed (engine ms). */
    long refreshedAt;

    long session;
    Reconciler reconciler;
    int rounds;
    long reconBytes;
    int lastRounds;
    long lastReconBytes;
    boolean sessionFetched;
    boolean emptySessionSinceHeads;
    long sessions;
    /** When the running reconciliation last heard from the peer (engine milliseconds). */
    long sessionStartedAt;

    final ArrayDeque<ReconItem> needs = new ArrayDeque<>();
    final Set<ByteBuffer> inFlight = new HashSet<>();
    long fetched;
    long applied;
    boolean synced;
    /** Since the peer's last heads: a reconciliation ran, the entries applied when it started, a direct fetch of
     * the heads was tried, and whether this node gave up on them (until the peer announces other heads). */
    boolean sessionSinceHeads;
    long appliedAtSessionStart;
    boolean fallbackTried;
    boolean gaveUp;

    PeerLink(Peer peer, Replica replica) {
        this.peer = peer;
        this.replica = replica;
    }

    boolean sessionRunning() {
        return reconciler != null;
    }

    /** Whether every head the peer announced is here (and the peer announced some state at all). */
    boolean holdsPeerHeads() {
        if (peerHeads == null) {
            return false;
        }
        for (byte[] h : peerHeads) {
            if (!replica.db.log().has(DbMessages.cidOf(h))) {
                return false;
            }
        }
        return true;
    }

    boolean idle() {
        return !sessionRunning() && needs.isEmpty() && inFlight.isEmpty();
    }

    PeerProgress progress() {
        return new PeerProgress(replica.address, peer.label(), peerHeads == null ? 0 : peerHeadsTotal,
                needs.size() + inFlight.size(), fetched, applied, synced, sessions,
                sessionRunning() ? rounds : lastRounds, sessionRunning() ? reconBytes : lastReconBytes);
    }
}
