/**
 * Blocks-first inventory sync (SPEC section 2, after soterd's and btcd's netsync): {@link
 * dev.tributary.sync.inventory.InventorySync}, the state machine, works on any {@link
 * dev.tributary.sync.inventory.BlockGraph} (a Bitcoin chain through {@link
 * dev.tributary.sync.inventory.BitcoinBlockGraph}, a BlockDAG through its own implementation), with an orphan
 * pool, tracked {@code getdata} requests, a sync peer replaced when it stalls, relay to peers that do not know
 * a block or transaction, and a bounded memory pool.
 *
 * <p>Uses {@code bytes}, {@code wire}, {@code chain}, {@code dag}, {@code engine} and {@code sync}; peers are
 * seen as {@link dev.tributary.sync.SyncPeer}s. Everything here runs on the engine thread.
 */
package dev.tributary.sync.inventory;
