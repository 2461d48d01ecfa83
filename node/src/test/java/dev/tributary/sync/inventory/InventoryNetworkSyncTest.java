package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.Block;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.node.sim.PeerView;
import dev.tributary.node.sim.SimNet;
import dev.tributary.node.sim.SimNode;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Blocks-first sync between whole simulated nodes (each a real {@code Node} running the chain service blocks-first)
 * over the simulated network, in virtual time.
 */
class InventoryNetworkSyncTest {
    private static final long START = 1_600_000_000L;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimNet net = new SimNet(scheduler, 10);

    private static List<Block> chain(ChainBuilder b, int count) {
        b.extendTip(count);
        List<Block> all = b.mainChainBlocks();
        return all.subList(1, all.size());
    }

    /** A started blocks-first regtest node with default inventory settings, dialling {@code peers}. */
    private SimNode node(String name, SimNode... peers) {
        NodeConfig config = NodeConfig.of(NetworkParameters.REGTEST, Path.of(name)).withMode(SyncMode.BLOCKS);
        return net.cluster().add(name, SimNode.Recipe.chain(config, List.of())).connectTo(List.of(peers)).start();
    }

    private static InventorySync<Block, GetBlocksMessage> sync(SimNode node) {
        return ChainService.of(node.node()).inventory().sync();
    }

    private static void load(SimNode node, List<Block> blocks) {
        for (Block b : blocks) {
            assertThat(sync(node).submitBlock(b)).isInstanceOf(Acceptance.Connected.class);
        }
    }

    private static int height(SimNode node) {
        return sync(node).graph().height();
    }

    /** The two ends of a connection {@code a} dials to {@code b}: {@code a}'s view of {@code b} and {@code b}'s of {@code a}. */
    private record Link(PeerView aSeesB, PeerView bSeesA) {
    }

    /**
     * The connection {@code a} (started dialling {@code b}, its handshake not yet run) makes: steps time until both
     * ends completed the handshake.
     */
    private Link link(SimNode a, SimNode b) {
        Link link = new Link(net.view(a, b), net.view(b, a));
        assertThat(scheduler.runUntil(() -> link.aSeesB().isReady() && link.bSeesA().isReady(), 10_000)).isTrue();
        return link;
    }

    @Test
    void aNodeSyncsALongChainFromItsPeerOverSeveralGetblocksRounds() {
        ChainBuilder builder = ChainBuilder.regtest(1, START);
        List<Block> blocks = chain(builder, 1_150);
        SimNode source = node("source");
        load(source, blocks);
        SimNode fresh = node("fresh", source);

        Link link = link(fresh, source);
        assertThat(sync(fresh).syncPeer()).hasValueSatisfying(p -> assertThat(link.aSeesB().is(p)).isTrue());
        assertThat(sync(fresh).inSyncMode()).isTrue();
        scheduler.runUntil(() -> height(fresh) == 1_150, 600_000);

        assertThat(ChainService.of(fresh.node()).chain().blockTip().hash()).isEqualTo(builder.tip().hash());
        assertThat(sync(fresh).inSyncMode()).isFalse();
        assertThat(sync(fresh).orphans().size()).isZero();
        assertThat(link.aSeesB().misbehaviourScore()).isZero();
        assertThat(link.bSeesA().sent(GetBlocksMessage.class)).isEmpty();
        assertThat(link.aSeesB().sent(GetBlocksMessage.class)).as("one getblocks per 500 blocks, more or less").hasSizeBetween(3, 10);
    }

    @Test
    void aStalledSyncPeerIsReplacedAndTheSyncCompletesFromAnother() {
        ChainBuilder builder = ChainBuilder.regtest(8, START);
        List<Block> blocks = chain(builder, 60);
        SimNode source = node("source");
        load(source, blocks);
        SimNode node = node("node", source);
        FakeSyncPeer silent = FakeSyncPeer.named("silent").withBestKnownHeight(500);
        long silentSince = scheduler.nowMillis();
        sync(node).onPeerReady(silent);
        assertThat(sync(node).syncPeer()).contains(silent);
        Link link = link(node, source);
        assertThat(sync(node).syncPeer()).as("the silent one is higher").contains(silent);

        scheduler.advance(silentSince + InventoryConfig.DEFAULT_STALL_TIMEOUT_MILLIS - 1 - scheduler.nowMillis());
        assertThat(silent.isConnected()).isTrue();
        scheduler.advance(InventoryConfig.DEFAULT_STALL_CHECK_MILLIS);

        assertThat(silent.disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("no block progress"));
        assertThat(sync(node).syncPeer()).hasValueSatisfying(p -> assertThat(link.aSeesB().is(p)).isTrue());
        scheduler.runUntil(() -> height(node) == 60, 60_000);
        assertThat(ChainService.of(node.node()).chain().blockTip().hash()).isEqualTo(builder.tip().hash());
    }
}
