package dev.tributary.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.chain.Block;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.StoreConsistencyCheck;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.chain.SyncMode;
import dev.tributary.sync.inventory.Acceptance;
import dev.tributary.sync.inventory.InventoryConfig;
import dev.tributary.sync.inventory.InventoryProtocol;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Blocks-first nodes (each a real {@code Node} running the chain service blocks-first, {@link InventoryProtocol}) on
 * an in-memory network, on one thread in virtual time: blocks and transactions made on the first node of a line
 * reach the last by relay.
 */
class InventoryRelaySimulationTest {
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    private static final long START_TIME = 1_600_000_000L;

    private final ManualScheduler scheduler = new ManualScheduler(1_700_000_000_000L);
    private final SimCluster cluster = new SimCluster(scheduler, 5, 1);

    /** A started blocks-first node dialling {@code connect}, taking no block it did not ask for. */
    private SimNode node(List<SimNode> connect) {
        String name = "node-" + cluster.nodes().size();
        NodeConfig config = NodeConfig.of(REGTEST, Path.of(name)).withMode(SyncMode.BLOCKS)
                .withInventory(InventoryConfig.forNetwork(REGTEST).withAllowUnrequestedBlocks(false));
        return cluster.add(name, SimNode.Recipe.chain(config, List.of())).connectTo(connect).start();
    }

    private static InventoryProtocol protocol(SimNode node) {
        return ChainService.of(node.node()).inventory();
    }

    private static ChainState chain(SimNode node) {
        return ChainService.of(node.node()).chain();
    }

    private void runUntil(BooleanSupplier done, long maxMillis) {
        long waited = 0;
        while (!done.getAsBoolean() && waited < maxMillis) {
            scheduler.advance(50);
            waited += 50;
        }
        assertThat(done.getAsBoolean()).as("done within %d virtual ms", maxMillis).isTrue();
    }

    @Test
    void blocksAndTransactionsMadeOnTheFirstOfFiveNodesInALineReachTheLastOnceEach() {
        List<SimNode> line = new ArrayList<>();
        line.add(node(List.of()));
        for (int i = 1; i < 5; i++) {
            line.add(node(List.of(line.get(i - 1))));
        }
        runUntil(() -> line.stream().allMatch(n -> protocol(n).sync().connectedPeers().size() == (n == line.get(0)
                || n == line.get(4) ? 1 : 2)), 10_000);
        SimNode first = line.get(0);
        SimNode last = line.get(4);

        ChainBuilder builder = ChainBuilder.regtest(11, START_TIME);
        for (Block b : builder.extendTip(20)) {
            assertThat(protocol(first).sync().submitBlock(b)).isInstanceOf(Acceptance.Connected.class);
            scheduler.advance(10);
        }
        runUntil(() -> chain(last).blockTip().height() == 20, 60_000);

        Transaction tx = builder.transaction(250, false);
        assertThat(protocol(first).sync().submitTransaction(tx)).isTrue();
        runUntil(() -> protocol(last).sync().mempool().contains(tx.txid()), 10_000);
        assertThat(line).allMatch(n -> protocol(n).sync().mempool().contains(tx.txid()));

        Block confirming = builder.mine(builder.tip(), List.of(tx));
        protocol(first).sync().submitBlock(confirming);
        runUntil(() -> chain(last).blockTip().height() == 21, 10_000);
        runUntil(() -> line.stream().allMatch(n -> protocol(n).sync().mempool().size() == 0), 10_000);

        HeaderSyncData tip = chain(first).blockTip();
        for (SimNode n : line) {
            assertThat(chain(n).blockTip()).isEqualTo(tip);
            // Each block stored once: 22 body writes (genesis and 21 blocks), and every one of the 22 is stored.
            assertThat(ChainService.of(n.node()).blockBodiesWritten()).as("body writes").isEqualTo(22);
            assertThat(chain(n).index().mainChainAt(21)).isPresent();
            for (int h = 0; h <= 21; h++) {
                assertThat(chain(n).hasBody(chain(n).index().mainChainAt(h).orElseThrow().hash())).isTrue();
            }
            assertThat(StoreConsistencyCheck.check(chain(n).persist())).isEmpty();
        }
    }
}
