/**
 * Headers-first chain sync (SPEC section 1): {@link dev.tributary.sync.headers.HeadersFirstSync} behind the
 * {@link dev.tributary.sync.Sync} role, the parallel block {@link dev.tributary.sync.headers.DownloadManager}
 * with its queue and stall detector, the idle/syncing {@link dev.tributary.sync.headers.SyncCoordinator} with its
 * stash, header requests, tip announcements, all driven by {@link dev.tributary.sync.headers.HeadersFirstService}
 * from peer events; and {@link dev.tributary.sync.headers.HeadersFirstProtocol}, the module that plugs it into a
 * Bitcoin network. Engine thread only.
 */
package dev.tributary.sync.headers;
