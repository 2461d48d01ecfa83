package dev.tributary.sync.headers;

import dev.tributary.chain.store.StoreConsistencyCheck;
import static dev.tributary.sync.TestChains.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.node.sim.RespondingPeer;
import dev.tributary.node.sim.RespondingPeer.BlockMode;
import dev.tributary.node.sim.SimNet;
import dev.tributary.node.sim.SyncingNode;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scenario, deterministically: a node (a whole simulated node, headers-first) syncs a chain longer than
 * its download window from four serving peers on the simulated network; one closes its connection in the middle of a
 * batch and another accepts getdata and never answers. The sync must complete, Core's stall rule must drop the silent peer, and nothing may be fetched
 * twice except what those two peers were asked for and did not deliver.
 */
class SyncWithFailingPeersTest {
    private static final int BLOCKS = 600;

    @Test
    void syncCompletesWhenOnePeerDisconnectsMidDownloadAndAnotherStallsAndOnlyTheirUndeliveredBlocksAreFetchedTwice() {
        SimNet net = new SimNet(new ManualScheduler());
        ChainBuilder reference = ChainBuilder.regtest(5, START);
        reference.extendTip(BLOCKS);
        SyncConfig config = SyncConfig.defaults().withBatchSize(16).withWindow(128, 2000);
        SyncingNode node = SyncingNode.regtest(net, config);

        RespondingPeer first = RespondingPeer.servingBest(net, "first", reference);
        RespondingPeer second = RespondingPeer.servingBest(net, "second", reference).perBlock(7);
        RespondingPeer leaving = RespondingPeer.servingBest(net, "leaving", reference).disconnectingAfterBlocks(40);
        RespondingPeer staller = RespondingPeer.servingBest(net, "staller", reference).blockMode(BlockMode.SILENT);
        List<RespondingPeer> peers = List.of(first, second, leaving, staller);
        RespondingPeer.connectAll(node, first, second, leaving, staller);

        assertThat(node.runUntilSynced(600_000)).as("synced within 10 virtual minutes").isTrue();

        assertThat(node.chain().blockTip()).isEqualTo(reference.tip());
        assertThat(node.chain().mainTip()).isEqualTo(reference.tip());
        assertThat(StoreConsistencyCheck.check(node.chain().persist())).isEmpty();
        assertThat(staller.peer().disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("stalling"));
        assertThat(leaving.peer().disconnectReason()).contains("peer closed the connection");
        assertThat(leaving.blocksSent()).isEqualTo(40);

        Set<Hash> undelivered = new HashSet<>(staller.unanswered());
        undelivered.addAll(leaving.unanswered());
        assertThat(staller.unanswered()).as("the staller held a batch").isNotEmpty();
        assertThat(leaving.unanswered()).as("the leaving peer left in the middle of a batch").isNotEmpty();
        Map<Hash, Integer> counts = new HashMap<>();
        for (RespondingPeer p : peers) {
            p.peer().getDataRequests().forEach(h -> counts.merge(h, 1, Integer::sum));
        }
        assertThat(counts).hasSize(BLOCKS);
        Set<Hash> askedTwice = new HashSet<>();
        counts.forEach((h, n) -> {
            assertThat(n).as("requests of one block").isLessThanOrEqualTo(2);
            if (n == 2) {
                askedTwice.add(h);
            }
        });
        assertThat(askedTwice).isEqualTo(undelivered);
        peers.forEach(p -> assertThat(p.violations()).as("one batch in flight at %s", p).isEmpty());
    }
}
