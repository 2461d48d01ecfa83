/**
 * The synchronizers and what they need: headers-first sync ({@link dev.tributary.sync.headers.HeadersFirstSync}
 * behind the {@link dev.tributary.sync.Sync} role), the parallel block {@link dev.tributary.sync.headers.DownloadManager},
 * the idle/syncing {@link dev.tributary.sync.headers.SyncCoordinator} with its stash, chain serving, and the
 * {@link dev.tributary.chain.store.SyncPersist} role with its RocksDB and in-memory implementations.
 *
 * <p>Peers are seen through {@link dev.tributary.sync.SyncPeer}; this package knows nothing of sockets.
 * Everything here runs on the engine thread unless a class says otherwise.
 */
package dev.tributary.sync;
