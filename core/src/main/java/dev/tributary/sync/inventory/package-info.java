/**
 * Blocks-first inventory sync (SPEC section 2, after soterd's and btcd's netsync): {@link
 * dev.tributary.sync.inventory.InventorySync}, the state machine, works on any {@link
 * dev.tributary.sync.inventory.BlockGraph} (a Bitcoin chain through {@link
 * dev.tributary.sync.inventory.BitcoinBlockGraph}, a dagtest BlockDAG through {@link
 * dev.tributary.sync.inventory.DagBlockGraph}), with an orphan pool, tracked {@code getdata} requests, a sync
 * peer replaced when it stalls, relay to peers that do not know a block or transaction, and a bounded memory
 * pool. The graph's {@link dev.tributary.sync.inventory.InventoryDialect} spells {@code inv}, {@code getdata}
 * and {@code notfound} (Bitcoin's entries, or soterd's with heights).
 *
 * <p>On a dagtest node, {@link dev.tributary.sync.inventory.DagReconciler} runs beside the sync through its
 * {@code InventoryExtension}: peers that speak Tributary's reconciliation exchange tips and list to each other,
 * from a locator and in pages after a cursor, the blocks where their DAGs differ, so that nodes that meet
 * converge on the union of their blocks whatever their heights.
 *
 * <p>{@link dev.tributary.sync.inventory.InventoryProtocol} (a Bitcoin chain) and
 * {@link dev.tributary.sync.inventory.DagInventoryProtocol} (dagtest) plug it into a network as peer modules
 * ({@link dev.tributary.sync.inventory.InventoryModule}); peers are seen as {@link dev.tributary.sync.SyncPeer}s.
 * Everything here runs on the engine thread.
 */
package dev.tributary.sync.inventory;
