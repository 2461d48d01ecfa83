package dev.tributary.node;

import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.ConnectTimes;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncCompletion;
import dev.tributary.node.chain.SyncMode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.HeaderSyncData;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ScriptedPeer;
import dev.tributary.chain.Block;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blocks-first node whose sync peer stops sending blocks replaces it (stall timeout 2 s, checked every 100 ms)
 * and completes the sync from another peer.
 */
class StalledSyncPeerIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aStalledSyncPeerIsReplacedAndTheSyncCompletesFromAnother() throws Exception {
        ChainBuilder builder = ChainBuilder.regtest(21, 1_600_000_000L);
        List<Block> chain = builder.extendTip(60);
        HeaderSyncData tip = builder.tip();
        try (LogCapture logs = new LogCapture();
                ScriptedPeer stalling = new ScriptedPeer(TestNodes.REGTEST).serving(builder).stallAfterBlocks(5)
                        .on(GetBlocksMessage.class, (p, m) -> p.send(new InvMessage(
                                chain.stream().map(b -> InventoryItem.block(b.hash())).toList())))) {
            InetSocketAddress stalled = stalling.listen();
            NodeConfig config = NodeConfig.of(TestNodes.REGTEST, dir.resolve("sync")).withStore(StoreKind.MEMORY)
                    .withNet(TestNodes.connectingTo(List.of(stalled)).withListen(TestNodes.listening().listen().orElseThrow()))
                    .withMode(SyncMode.BLOCKS)
                    .withInventory(InventoryConfig.forNetwork(TestNodes.REGTEST).withStall(2_000, 100));
            try (Node syncing = ChainService.node(config, List.of())) {
                CompletableFuture<HeaderSyncData> done = SyncCompletion.watch(syncing, List.of(stalled));
                ConnectTimes times = ConnectTimes.install(syncing);
                syncing.start();
                stalling.awaitMessage(GetBlocksMessage.class, PATIENCE); // it is the sync peer
                stalling.awaitBlocksWithheld(1, PATIENCE);

                try (Node serving = servingNodeConnectingTo(syncing.listeningAddress(), builder, chain)) {
                    times.whenConnected(tip.hash()).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    assertThat(done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(tip);
                    assertThat(stalling.awaitClosed(PATIENCE)).isNotNull();
                    assertThat(logs.lines("Sync peer", "sent no block", "replacing it")).hasSize(1);
                    assertThat(ChainService.of(syncing).blockTip()).isEqualTo(tip);
                    assertThat(ChainService.of(syncing).blockBodiesWritten()).as("genesis and 60 blocks, each once").isEqualTo(61);
                    assertThat(serving.status().peers()).isEqualTo(1);
                }
            }
        }
    }

    /** A blocks-first node holding the chain that dials {@code target} (so the syncing node sees an inbound peer). */
    private static Node servingNodeConnectingTo(InetSocketAddress target, ChainBuilder builder, List<Block> chain)
            throws Exception {
        NodeConfig config = NodeConfig.of(TestNodes.REGTEST, Path.of("serving")).withStore(StoreKind.MEMORY)
                .withNet(TestNodes.connectingTo(List.of(target))).withMode(SyncMode.BLOCKS);
        return LocalNetwork.start(config, n -> TestNodes.populate(ChainService.of(n).chain(), builder, chain));
    }
}
