package dev.tributary.node;

import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncCompletion;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.TipChange;
import dev.tributary.net.NetConfig;
import dev.tributary.net.Peer;
import dev.tributary.chain.store.ChainState;
import dev.tributary.sync.headers.SyncConfig;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.chain.Block;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Real nodes on loopback for integration tests, with short timeouts so that tests take seconds. */
final class TestNodes {
    static final NetworkParameters REGTEST = NetworkParameters.REGTEST;

    private TestNodes() {
    }

    /** Listening on 127.0.0.1 (ephemeral port), no outbound connections, no discovery; handshake timeout 2 s. */
    static NetConfig listening() {
        return NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withSeeds(List.of(), false).withMaxOutbound(0).withTimeouts(2_000, 60_000, 60_000);
    }

    /** Only {@code peers}, no discovery. */
    static NetConfig connectingTo(List<InetSocketAddress> peers) {
        return NetConfig.defaults().withConnect(peers).withSeeds(List.of(), false).withTimeouts(5_000, 60_000, 60_000);
    }

    /** Stall 1 s, silent batch 10 s, getheaders 3 s, no progress 15 s. */
    static SyncConfig quickSync() {
        return SyncConfig.defaults().withTimeouts(1_000, 10_000, 3_000, 15_000);
    }

    /** A node serving {@code blocks} (consecutive, from height 1, as built by {@code builder}), started. */
    static Node serving(Path dir, NetConfig net, ChainBuilder builder, List<Block> blocks) throws IOException {
        return LocalNetwork.start(NodeConfig.of(REGTEST, dir).withNet(net).withSync(quickSync()),
                node -> populate(ChainService.of(node).chain(), builder, blocks));
    }

    /** Stores {@code blocks} (with their headers, as {@code builder} indexed them) in a chain. Engine thread. */
    static void populate(ChainState chain, ChainBuilder builder, List<Block> blocks) {
        List<HeaderSyncData> entries = new ArrayList<>();
        Optional<TipChange> change = Optional.empty();
        for (Block b : blocks) {
            if (chain.index().contains(b.hash())) {
                continue;
            }
            HeaderSyncData e = builder.entry(b.hash());
            Optional<TipChange> c = chain.index().add(e);
            change = c.isPresent() ? c : change;
            entries.add(e);
        }
        chain.recordHeaders(entries, change);
        for (Block b : blocks) {
            chain.storeBody(builder.entry(b.hash()), b.serialize());
        }
    }

    /** A syncing node with an in-memory store, and the future of its completion. */
    record Syncing(Node node, CompletableFuture<HeaderSyncData> done) implements AutoCloseable {
        @Override
        public void close() {
            node.close();
        }
    }

    /** Starts an in-memory node that syncs from {@code peers} (blocks too). */
    static Syncing syncing(Path dir, List<InetSocketAddress> peers) throws IOException {
        NodeConfig config = NodeConfig.of(REGTEST, dir).withStore(StoreKind.MEMORY).withNet(connectingTo(peers))
                .withSync(quickSync());
        Node node = ChainService.node(config, List.of());
        try {
            CompletableFuture<HeaderSyncData> done = SyncCompletion.watch(node, peers);
            node.start();
            return new Syncing(node, done);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** The node's peer at {@code address} (as the node sees it), if connected. */
    static Optional<Peer> peerAt(Node node, InetSocketAddress address) {
        return node.call(() -> node.peers().allPeers().stream().filter(p -> p.address().equals(address)).findFirst());
    }

    /** The misbehaviour score of the node's peer at {@code address}, or -1 when no such peer is connected. */
    static int scoreOf(Node node, InetSocketAddress address) {
        return node.call(() -> node.peers().allPeers().stream().filter(p -> p.address().equals(address))
                .mapToInt(Peer::misbehaviourScore).findFirst().orElse(-1));
    }
}
