package dev.tributary.node.sim;

import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.engine.ManualScheduler;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.store.InMemoryKeyValueStore;
import dev.tributary.store.KeyValueStore;
import dev.tributary.sync.ChainServer;
import dev.tributary.sync.headers.DownloadManager;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.sync.headers.SyncCoordinator;
import dev.tributary.testing.RecordingSyncListener;
import java.nio.file.Path;
import java.util.List;

/**
 * A test's handle on a simulated regtest node that syncs headers-first: a real {@code Node} with its
 * {@link ChainService} ({@link SimNode}), its sync events recorded, and the parts a test reads (chain, coordinator,
 * downloads). It syncs from peers that connect to it over the simulated network ({@link RespondingPeer}).
 */
public final class SyncingNode {
    private final SimNet net;
    private final SimNode node;
    private final SyncConfig config;
    private final RecordingSyncListener events = new RecordingSyncListener();

    private SyncingNode(SimNet net, String name, KeyValueStore disk, SyncConfig config) {
        this.net = net;
        this.config = config;
        NodeConfig chain = NodeConfig.of(NetworkParameters.REGTEST, Path.of(name)).withSync(config);
        this.node = net.cluster().add(name, SimNode.Recipe.chain(chain, List.of(events)), disk);
        node.start();
    }

    /** A started node on a fresh in-memory disk, at genesis. */
    public static SyncingNode regtest(SimNet net, SyncConfig config) {
        return open(net, "node", new InMemoryKeyValueStore(), config);
    }

    /** A started node on {@code disk} (a new store starts at genesis; a used one resumes where it was). */
    public static SyncingNode open(SimNet net, String name, KeyValueStore disk, SyncConfig config) {
        return new SyncingNode(net, name, disk, config);
    }

    /**
     * True when nothing is left to do: no pass running or stashed, no download running, and (for a full node) every
     * block of the best header chain stored.
     */
    public boolean isIdleAndComplete() {
        SyncCoordinator c = coordinator();
        return !c.isSyncing() && c.stashSize() == 0 && !downloads().isDownloading()
                && (!config.downloadBlocks() || chain().blocksComplete());
    }

    /** Steps virtual time until {@link #isIdleAndComplete()} or {@code maxMillis} passed; returns whether it is. */
    public boolean runUntilSynced(long maxMillis) {
        return net.clock().runUntil(this::isIdleAndComplete, maxMillis);
    }

    /** The process dies: nothing more happens to this node (its disk keeps what it wrote). */
    public void crash() {
        node.crash();
    }

    public SimNode simNode() {
        return node;
    }

    public ManualScheduler scheduler() {
        return net.clock();
    }

    public ChainState chain() {
        return ChainService.of(node.node()).chain();
    }

    public SyncConfig config() {
        return config;
    }

    public RecordingSyncListener events() {
        return events;
    }

    public SyncCoordinator coordinator() {
        return ChainService.of(node.node()).headersFirst().coordinator();
    }

    public DownloadManager downloads() {
        return ChainService.of(node.node()).headersFirst().downloads();
    }

    public ChainServer server() {
        return ChainService.of(node.node()).headersFirst().server();
    }
}
