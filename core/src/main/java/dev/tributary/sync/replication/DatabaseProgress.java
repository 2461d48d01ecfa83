package dev.tributary.sync.replication;

/**
 * Where replication of one database stands with all its peers together, for meters: unlike {@link PeerProgress},
 * its totals outlive the peers that come and go.
 *
 * @param address        the database
 * @param entries        entries in its log here
 * @param missing        entries known to be missing here: the sum over its peers of {@link PeerProgress#missing}
 * @param received       entries received from peers since it was replicated here (fetched or pushed)
 * @param applied        entries from peers stored here (verified and joined) since it was replicated here
 * @param peers          peers replicating it now
 * @param lastSyncMillis when it was last found synced with a peer (holding every head the peer announced, nothing
 *                       in flight; milliseconds since the epoch, as the engine tells time; 0: never since it was
 *                       replicated here)
 */
public record DatabaseProgress(String address, long entries, long missing, long received, long applied, int peers,
        long lastSyncMillis) {
}
