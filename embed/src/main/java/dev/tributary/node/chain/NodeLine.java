package dev.tributary.node.chain;

import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.sync.inventory.InventoryConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Blocks-first regtest nodes in a line over loopback: node 0 listens, node i listens and connects to node i - 1
 * only, so whatever reaches the last node was relayed by every node before it. Each node records when it first
 * connected each block ({@link ConnectTimes}). For the relay benchmark and tests.
 */
public final class NodeLine implements AutoCloseable {
    private final List<Node> nodes = new ArrayList<>();
    private final List<ConnectTimes> times = new ArrayList<>();

    private NodeLine() {
    }

    /**
     * Starts {@code n} nodes under {@code dir} (one subdirectory each) and waits until each is handshaked with its
     * predecessor (at most 30 s).
     */
    public static NodeLine start(Path dir, int n, StoreKind store, InventoryConfig inventory) throws Exception {
        NodeLine line = new NodeLine();
        try {
            for (int i = 0; i < n; i++) {
                line.add(dir.resolve("node" + i), store, inventory);
            }
            return line;
        } catch (Exception e) {
            line.close();
            throw e;
        }
    }

    private void add(Path dir, StoreKind store, InventoryConfig inventory) throws Exception {
        List<InetSocketAddress> upstream = nodes.isEmpty() ? List.of()
                : List.of(nodes.get(nodes.size() - 1).listeningAddress());
        NetConfig net = NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withConnect(upstream).withSeeds(List.of(), false).withMaxOutbound(upstream.size())
                .withUserAgent("/Tributary:0.1.0(line-" + nodes.size() + ")/");
        NodeConfig config = NodeConfig.of(NetworkParameters.REGTEST, dir).withStore(store).withNet(net)
                .withMode(SyncMode.BLOCKS).withInventory(inventory);
        Node node = ChainService.node(config, List.of());
        nodes.add(node);
        times.add(ConnectTimes.install(node));
        if (upstream.isEmpty()) {
            node.start();
            return;
        }
        var joined = SyncCompletion.watch(node, upstream);
        node.start();
        joined.get(30, TimeUnit.SECONDS);
    }

    public int size() {
        return nodes.size();
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** When node {@code i} first connected each block. */
    public ConnectTimes times(int i) {
        return times.get(i);
    }

    /** Closes every node, the last first. */
    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
