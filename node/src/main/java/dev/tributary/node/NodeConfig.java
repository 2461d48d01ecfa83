package dev.tributary.node;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.sync.SyncConfig;
import dev.tributary.sync.TrustedStart;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a {@link Node} is made from.
 *
 * @param datadir where the RocksDB store lives (ignored for {@link StoreKind#MEMORY})
 * @param start   a trusted start header, for a chain that begins mid-history; used only for a new store
 */
public record NodeConfig(NetworkParameters network, Path datadir, StoreKind store, NetConfig net, SyncConfig sync,
        Optional<TrustedStart> start) {

    public static NodeConfig of(NetworkParameters network, Path datadir) {
        return new NodeConfig(network, datadir, StoreKind.ROCKSDB, NetConfig.defaults(), SyncConfig.defaults(),
                Optional.empty());
    }

    public NodeConfig withNet(NetConfig value) {
        return new NodeConfig(network, datadir, store, value, sync, start);
    }

    public NodeConfig withSync(SyncConfig value) {
        return new NodeConfig(network, datadir, store, net, value, start);
    }

    public NodeConfig withStore(StoreKind value) {
        return new NodeConfig(network, datadir, value, net, sync, start);
    }

    public NodeConfig withStart(TrustedStart value) {
        return new NodeConfig(network, datadir, store, net, sync, Optional.ofNullable(value));
    }
}
