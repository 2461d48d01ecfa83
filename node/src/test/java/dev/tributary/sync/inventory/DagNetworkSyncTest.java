package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.message.DagInvMessage;
import dev.tributary.net.NetConfig;
import dev.tributary.node.dag.DagService;
import dev.tributary.node.sim.PeerView;
import dev.tributary.node.sim.SimNet;
import dev.tributary.node.sim.SimNode;
import dev.tributary.testing.CountingKeyValueStore;
import dev.tributary.testing.DagBuilder;
import dev.tributary.testing.ManualScheduler;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Inventory sync of a dagtest BlockDAG between whole simulated nodes (each a real {@code Node} running the DAG
 * service) over the simulated network, in virtual time.
 */
class DagNetworkSyncTest {
    private static final DagParameters PARAMS = DagParameters.DAGTEST;

    /** A clock that reads the time {@code DagBuilder} gives its blocks. */
    private final ManualScheduler scheduler = new ManualScheduler(DagBuilder.time() * 1000);
    private final SimNet net = new SimNet(scheduler, 10);

    private SimNode node(String name, InventoryConfig config, CountingKeyValueStore disk, SimNode... peers) {
        // soterd's getblocks paging is what these tests are about: the nodes speak it alone, without reconciliation.
        return net.cluster().add(name, SimNode.Recipe.soterdDag(config), disk).connectTo(List.of(peers)).start();
    }

    private static DagInventoryProtocol protocol(SimNode node) {
        return DagService.of(node.node()).protocol();
    }

    @Test
    void aFreshNodeSyncsAWideDagOverSeveralGetblocksRoundsWithTheZeroHashContinue() {
        List<DagBlock> blocks = DagBuilder.grow(3, 1_200, new Random(5));
        SimNode source = node("source", InventoryConfig.forDag(PARAMS), new CountingKeyValueStore('b'));
        for (DagBlock b : blocks) {
            assertThat(protocol(source).submitBlock(b)).isInstanceOf(Acceptance.Connected.class);
        }
        CountingKeyValueStore freshStore = new CountingKeyValueStore('b');
        SimNode fresh = node("fresh", InventoryConfig.forDag(PARAMS).withAllowUnrequestedBlocks(false), freshStore, source);
        PeerView aSeesB = net.view(fresh, source);
        PeerView bSeesA = net.view(source, fresh);
        assertThat(scheduler.runUntil(() -> aSeesB.isReady() && bSeesA.isReady(), 10_000)).isTrue();

        assertThat(protocol(fresh).sync().inSyncMode()).isTrue();
        assertThat(scheduler.runUntil(() -> protocol(fresh).state().equals(protocol(source).state()), 600_000)).isTrue();

        assertThat(protocol(fresh).sync().inSyncMode()).isFalse();
        assertThat(protocol(fresh).sync().orphans().size()).isZero();
        assertThat(aSeesB.misbehaviourReasons()).isEmpty();
        List<DagGetBlocksMessage> asked = aSeesB.sent(DagGetBlocksMessage.class);
        assertThat(asked).as("one getblocks per 500 blocks, more or less").hasSizeBetween(3, 12);
        assertThat(asked.get(0)).isEqualTo(new DagGetBlocksMessage(NetConfig.PROTOCOL_VERSION, 0, Hash.ZERO));
        List<DagInvMessage> continues = bSeesA.sent(DagInvMessage.class).stream()
                .filter(m -> m.items().size() == 1 && m.items().get(0).hash().isZero()).toList();
        assertThat(continues).as("\"ask me for more\" after each full answer").hasSizeGreaterThanOrEqualTo(2);
        assertThat(freshStore.writes()).hasSize(1_201).allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
    }
}
