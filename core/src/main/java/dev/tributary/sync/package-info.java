/**
 * What every synchronizer shares: the SPEC roles ({@link dev.tributary.sync.Sync},
 * {@link dev.tributary.sync.SyncDataProvider}), peers as the synchronizers see them
 * ({@link dev.tributary.sync.SyncPeer}, and {@link dev.tributary.sync.NetworkSyncPeer} over the peer layer),
 * progress events ({@link dev.tributary.sync.SyncListener}), and chain serving
 * ({@link dev.tributary.sync.ChainServer}, {@link dev.tributary.sync.DataServer}). One synchronizer per
 * subpackage: {@code sync.headers} (headers-first), {@code sync.inventory} (blocks-first, chains and DAGs).
 *
 * <p>Everything here runs on the engine thread unless a class says otherwise.
 */
package dev.tributary.sync;
