package dev.tributary.node.chain;

import dev.tributary.node.StoreKind;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.chain.store.TrustedStart;
import dev.tributary.sync.inventory.InventoryConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a chain node ({@link ChainService#node}) is made from.
 *
 * @param datadir   where the RocksDB store lives (ignored for {@link StoreKind#MEMORY})
 * @param sync      headers-first tunables (used in {@link SyncMode#HEADERS})
 * @param mode      headers-first or blocks-first
 * @param inventory blocks-first tunables: stall timeout and check interval, requests, memory pool (used in
 *                  {@link SyncMode#BLOCKS})
 * @param start     a trusted start header, for a chain that begins mid-history; used only for a new store
 */
public record NodeConfig(NetworkParameters network, Path datadir, StoreKind store, NetConfig net, SyncConfig sync,
        SyncMode mode, InventoryConfig inventory, Optional<TrustedStart> start) {

    public static NodeConfig of(NetworkParameters network, Path datadir) {
        return new NodeConfig(network, datadir, StoreKind.ROCKSDB, NetConfig.defaults(), SyncConfig.defaults(),
                SyncMode.HEADERS, InventoryConfig.forNetwork(network), Optional.empty());
    }

    public NodeConfig withNet(NetConfig value) {
        return new NodeConfig(network, datadir, store, value, sync, mode, inventory, start);
    }

    public NodeConfig withSync(SyncConfig value) {
        return new NodeConfig(network, datadir, store, net, value, mode, inventory, start);
    }

    public NodeConfig withStore(StoreKind value) {
        return new NodeConfig(network, datadir, value, net, sync, mode, inventory, start);
    }

    public NodeConfig withStart(TrustedStart value) {
        return new NodeConfig(network, datadir, store, net, sync, mode, inventory, Optional.ofNullable(value));
    }

    public NodeConfig withMode(SyncMode value) {
        return new NodeConfig(network, datadir, store, net, sync, value, inventory, start);
    }

    public NodeConfig withInventory(InventoryConfig value) {
        return new NodeConfig(network, datadir, store, net, sync, mode, value, start);
    }

    /** Whether this node stores and serves block bodies (always in blocks-first mode). */
    public boolean fullNode() {
        return mode == SyncMode.BLOCKS || sync.downloadBlocks();
    }
}
