package dev.tributary.node;

import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagState;
import dev.tributary.net.NetConfig;
import dev.tributary.net.PeerManager;
import dev.tributary.node.dag.DagService;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A test's handle on a {@link Node} that runs the dagtest service alone, in the production composition
 * ({@link DagService#node}): the node and its service's entry points in one place.
 */
final class DagNode implements AutoCloseable {
    private final Node node;
    private final DagService dag;

    private DagNode(Node node) {
        this.node = node;
        this.dag = DagService.of(node);
    }

    /** Opens a dagtest node (the network is not started). */
    static DagNode open(Path datadir, StoreKind kind, NetConfig net) {
        return new DagNode(DagService.node(datadir, kind, net));
    }

    void start() throws IOException {
        node.start();
    }

    Node node() {
        return node;
    }

    List<DagBlock> mineBlocks(int count) {
        return dag.mineBlocks(count);
    }

    DagState state() {
        return dag.state();
    }

    /** Engine thread only. */
    DagInventoryProtocol protocol() {
        return dag.protocol();
    }

    /** Engine thread only. */
    PeerManager peers() {
        return node.peers();
    }

    <T> T call(Supplier<T> query) {
        return node.call(query);
    }

    InetSocketAddress listeningAddress() {
        return node.listeningAddress();
    }

    @Override
    public void close() {
        node.close();
    }
}
