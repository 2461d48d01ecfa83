package dev.tributary.sync.replication;

import dev.tributary.net.Peer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@link DbReplication} keeps about one peer of the network: the databases it lists as open, a
 * {@link PeerLink} per database both replicate, its {@code dbwant} requests in flight per database (answered in
 * order), the heads it last announced, and its rate limits (token buckets: pushes, reconciliation messages, block
 * requests, {@code dbopen}). Engine thread only.
 */
final class ReplicationPeer {
    final Peer peer;
    Set<String> open = Set.of();
    final Map<String, PeerLink> links = new LinkedHashMap<>();
    final Map<String, ArrayDeque<WantBatch>> outstanding = new HashMap<>();
    final TokenBucket pushes;
    final TokenBucket recons;
    final TokenBucket wants;
    final TokenBucket opens;
    /** The peer's last heads per database it listed, kept until both replicate it. */
    final Map<String, DbMessages.Heads> lastHeads = new HashMap<>();
    long nextSession = 1;

    ReplicationPeer(Peer peer, long now) {
        this.peer = peer;
        this.pushes = new TokenBucket(20_000, 5_000, now);
        this.recons = new TokenBucket(200, 100, now);
        this.wants = new TokenBucket(400, 200, now);
        this.opens = new TokenBucket(20, 2, now);
    }
}
