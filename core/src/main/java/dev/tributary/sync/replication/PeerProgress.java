package dev.tributary.sync.replication;

/**
 * Where replication of one database with one peer stands.
 *
 * @param address      the database
 * @param peer         the peer's address ({@code host:port})
 * @param peerHeads    how many heads the peer last announced
 * @param missing      entries known to be missing here (listed by reconciliation, not yet fetched)
 * @param fetched      entries received from the peer: those listed by reconciliation, and those a join asked for
 *                     (missing ancestors); entries only, not the writers' identities a join fetches too
 * @param applied      entries stored here from the peer (verified and joined)
 * @param synced       whether this database holds every head the peer last announced, with nothing in flight
 * @param sessions     reconciliations run with the peer
 * @param roundTrips   round trips of the last reconciliation (1 when the replicas were already in sync)
 * @param reconBytes   bytes of reconciliation messages of the last reconciliation, both ways
 */
public record PeerProgress(String address, String peer, long peerHeads, long missing, long fetched, long applied,
        boolean synced, long sessions, int roundTrips, long reconBytes) {
}
