package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.message.DagGetDataMessage;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.message.DagInventoryItem;
import dev.tributary.dag.DagLocator;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.message.DagRangeMessage;
import dev.tributary.dag.DagState;
import dev.tributary.dag.message.DagTipsMessage;
import dev.tributary.dag.message.GetDagRangeMessage;
import dev.tributary.dag.DagParameters;
import dev.tributary.dag.store.DagStore;
import dev.tributary.net.NetConfig;
import dev.tributary.testing.CountingKeyValueStore;
import dev.tributary.testing.DagBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.message.InventoryItem;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DagReconciler} with fake peers, in virtual time: who is told our tips and when, which tips start a round,
 * the pages of a round and their pacing, the fallback when a listing misses a tip, and the bounds and penalties.
 */
class DagReconcilerTest {
    private static final long TIMEOUT_MILLIS = 60_000;
    private static final DagParameters PARAMS = DagParameters.DAGTEST;
    /** A clock that reads the time {@code DagBuilder} gives its blocks. */
    private final ManualScheduler scheduler = new ManualScheduler(DagBuilder.time() * 1000);

    /** The DAG on a counting in-memory store and the real inventory sync over it: what the reconciler drives. */
    private record Base(CountingKeyValueStore store, DagBlockGraph graph, InventorySync<DagBlock, DagGetBlocksMessage> sync) {
        static Base open(String name, ManualScheduler scheduler, InventoryConfig config) {
            CountingKeyValueStore store = new CountingKeyValueStore('b');
            DagBlockGraph graph = DagBlockGraph.open(DagStore.open(store, PARAMS), PARAMS, scheduler,
                    NetConfig.PROTOCOL_VERSION);
            return new Base(store, graph, new InventorySync<>(graph, scheduler, config, new Random(name.hashCode())));
        }
    }

    /** A node with reconciliation over inventory sync, holding {@code blocks}. */
    private final class Node {
        final Base base;
        final DagReconciler reconciler;

        Node(String name, List<DagBlock> blocks) {
            base = Base.open(name, scheduler, InventoryConfig.forDag(PARAMS).withAllowUnrequestedBlocks(false));
            reconciler = DagReconciler.install(base.sync, base.graph, scheduler, TIMEOUT_MILLIS);
            blocks.forEach(b -> assertThat(base.sync.submitBlock(b)).isInstanceOf(Acceptance.Connected.class));
        }

        FakeSyncPeer ready(String name, int height, boolean reconciles) {
            FakeSyncPeer peer = FakeSyncPeer.named(name).withBestKnownHeight(height);
            reconciler.onPeerReady(peer, reconciles);
            base.sync.onPeerReady(peer);
            return peer;
        }

        DagState state() {
            return base.graph.state();
        }
    }

    /**
     * The far end of a link: a DAG that answers {@code getdagrange} from its index and {@code getdata} with its
     * blocks, each 10 ms after the node sent the request.
     */
    private final class Remote {
        final DagIndex dag;
        final Map<Hash, DagBlock> blocks = new HashMap<>();
        final DagRangeServer server;

        Remote(List<DagBlock> blocks) {
            this.dag = DagBuilder.index(blocks);
            blocks.forEach(b -> this.blocks.put(b.hash(), b));
            this.server = new DagRangeServer(dag, scheduler);
        }

        void answer(Node node, FakeSyncPeer peer) {
            peer.onSend(m -> scheduler.schedule(() -> {
                if (m instanceof GetDagRangeMessage r) {
                    node.reconciler.onRange(peer, server.page(r));
                } else if (m instanceof DagGetDataMessage gd) {
                    for (DagInventoryItem i : gd.items()) {
                        node.base.sync.onBlock(peer, blocks.get(i.hash()));
                    }
                }
            }, 10));
        }

        DagTipsMessage tips() {
            return DagTipsMessage.of(dag.state());
        }
    }

    /** A hash whose bytes all equal {@code b}: a block nobody has. */
    private static Hash filled(int b) {
        byte[] bytes = new byte[Hash.LENGTH];
        Arrays.fill(bytes, (byte) b);
        return Hash.wrap(bytes);
    }

    private static List<DagBlock> concat(List<DagBlock> a, List<DagBlock> b) {
        List<DagBlock> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** {@code count} blocks mined on {@code base} by {@code who}, each on all tips. */
    private static List<DagBlock> mineOn(List<DagBlock> base, int count, String who) {
        DagIndex view = DagBuilder.index(base);
        DagMiner miner = new DagMiner(PARAMS);
        List<DagBlock> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DagBlock b = miner.mine(view, List.of(), DagBuilder.time(), (who + " " + i).getBytes(StandardCharsets.UTF_8));
            view.add(b);
            out.add(b);
        }
        return out;
    }

    @Test
    void aReconcilingPeerIsToldOurTipsAndIsNeverTheSyncPeerWhileOthersAreSyncedTheSoterdWay() {
        Node node = new Node("node", DagBuilder.grow(2, 10, new Random(1)));

        FakeSyncPeer reconciling = node.ready("reconciling", 50, true);
        assertThat(reconciling.sent()).containsExactly(DagTipsMessage.of(node.state()));
        assertThat(node.base.sync.syncPeer()).isEmpty();
        assertThat(node.base.sync.inSyncMode()).as("nobody to sync from by height").isFalse();

        FakeSyncPeer legacy = node.ready("legacy", 50, false);
        assertThat(legacy.sent()).hasSize(1).allMatch(m -> m instanceof DagGetBlocksMessage);
        assertThat(node.base.sync.syncPeer()).contains(legacy);
    }

    @Test
    void tipsWeLackStartARoundEvenWhenThePeerIsBelowUsAndOneRoundBringsThemAll() {
        List<DagBlock> shared = DagBuilder.grow(2, 20, new Random(2));
        List<DagBlock> ours = concat(shared, mineOn(shared, 40, "ours"));
        List<DagBlock> theirs = concat(shared, mineOn(shared, 5, "theirs"));
        Node node = new Node("node", ours);
        Remote remote = new Remote(theirs);
        FakeSyncPeer peer = node.ready("lower", remote.dag.maxHeight(), true);
        assertThat(remote.dag.maxHeight()).isLessThan(node.base.graph.height());
        remote.answer(node, peer);
        peer.clearSent();

        node.reconciler.onTips(peer, remote.tips());

        assertThat(peer.sent()).containsExactly(GetDagRangeMessage.locate(DagLocator.of(node.base.graph.index())));
        DagState union = DagBuilder.index(concat(ours, theirs.subList(shared.size(), theirs.size()))).state();
        assertThat(scheduler.runUntil(() -> node.state().equals(union), 1_000)).isTrue();
        assertThat(node.reconciler.isReconciling(peer)).isFalse();
        assertThat(peer.sent(GetDagRangeMessage.class)).hasSize(1);
        assertThat(peer.sent(DagGetDataMessage.class)).hasSize(1);
        assertThat(peer.sent(DagGetDataMessage.class).get(0).items()).hasSize(5);
        assertThat(peer.misbehaviourReasons()).isEmpty();
        assertThat(node.reconciler.roundsStarted()).isEqualTo(1);
    }

    @Test
    void tipsWeHoldOrAreFetchingStartNothing() {
        List<DagBlock> blocks = DagBuilder.grow(2, 30, new Random(3));
        Node node = new Node("node", blocks);
        FakeSyncPeer peer = node.ready("peer", 0, true);
        peer.clearSent();

        node.reconciler.onTips(peer, DagTipsMessage.of(node.state()));
        node.reconciler.onTips(peer, DagTipsMessage.of(DagBuilder.index(blocks.subList(0, 10)).state()));
        List<DagBlock> next = mineOn(blocks, 1, "next");
        node.base.sync.onInv(peer, List.of(InventoryItem.block(next.get(0).hash())));
        node.reconciler.onTips(peer, DagTipsMessage.of(DagBuilder.index(concat(blocks, next)).state()));

        assertThat(peer.sent(GetDagRangeMessage.class)).as("the new tip is asked for already").isEmpty();
        assertThat(node.reconciler.roundsStarted()).isZero();
    }

    @Test
    void pagesContinueInsideAHeightOnceFewerThanAPageIsAwaited() {
        List<DagBlock> wide = new ArrayList<>();
        DagMiner miner = new DagMiner(PARAMS);
        BlockAtHeight genesis = BlockAtHeight.of(PARAMS.genesisBlock());
        for (int i = 0; i < 2_300; i++) {
            wide.add(miner.mineOn(List.of(genesis), List.of(), DagBuilder.time(), ("w" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Node node = new Node("fresh", List.of());
        Remote remote = new Remote(wide);
        FakeSyncPeer peer = node.ready("wide", 1, true);
        peer.clearSent();

        node.reconciler.onTips(peer, remote.tips()); // 2,300 tips: the list is cut short, the hash differs
        GetDagRangeMessage first = peer.lastSent(GetDagRangeMessage.class).orElseThrow();
        DagRangeMessage page1 = remote.server.page(first);
        assertThat(page1.blocks()).hasSize(2_000);
        assertThat(page1.more()).isTrue();
        node.reconciler.onRange(peer, page1);
        assertThat(peer.sent(GetDagRangeMessage.class)).as("2,000 awaited: no next page yet").hasSize(1);

        DagBlock firstBlock = remote.blocks.get(page1.blocks().get(0).hash());
        node.base.sync.onBlock(peer, firstBlock);
        assertThat(peer.lastSent(GetDagRangeMessage.class)).contains(GetDagRangeMessage.after(page1.blocks().get(1_999)));

        remote.answer(node, peer);
        node.reconciler.onRange(peer, remote.server.page(peer.lastSent(GetDagRangeMessage.class).orElseThrow()));
        for (BlockAtHeight b : page1.blocks().subList(1, 2_000)) {
            node.base.sync.onBlock(peer, remote.blocks.get(b.hash()));
        }
        assertThat(scheduler.runUntil(() -> node.state().equals(remote.dag.state()), 1_000)).isTrue();
        assertThat(node.reconciler.isReconciling(peer)).isFalse();
        assertThat(peer.sent(GetDagRangeMessage.class)).hasSize(2);
        assertThat(node.base.store.writes()).hasSize(2_301).allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void aDagrangeNobodyAskedForCosts10PointsAndOneOutOfOrderCosts20AndEndsTheRound() {
        Node node = new Node("node", List.of());
        FakeSyncPeer peer = node.ready("peer", 5, true);
        node.reconciler.onRange(peer, new DagRangeMessage(List.of(), false));
        assertThat(peer.misbehaviourScore()).isEqualTo(DagReconciler.UNSOLICITED_PENALTY);

        Remote remote = new Remote(DagBuilder.grow(1, 2_100, new Random(4)));
        node.reconciler.onTips(peer, remote.tips());
        DagRangeMessage page1 = remote.server.page(peer.lastSent(GetDagRangeMessage.class).orElseThrow());
        node.reconciler.onRange(peer, page1);
        assertThat(peer.misbehaviourScore()).isEqualTo(DagReconciler.UNSOLICITED_PENALTY);
        node.base.sync.onBlock(peer, remote.blocks.get(page1.blocks().get(0).hash())); // the next page is asked for

        node.reconciler.onRange(peer, new DagRangeMessage(page1.blocks().subList(1_990, 2_000), false));

        assertThat(peer.misbehaviourScore()).isEqualTo(DagReconciler.UNSOLICITED_PENALTY + DagReconciler.BAD_PAGE_PENALTY);
        assertThat(peer.misbehaviourReasons().get(1)).contains("does not continue after");
        assertThat(node.reconciler.isReconciling(peer)).isFalse();
    }

    @Test
    void dagtipsFasterThanTwoASecondAfterABurstOfTenCost10PointsEach() {
        Node node = new Node("node", List.of());
        FakeSyncPeer peer = node.ready("chatty", 0, true);
        DagTipsMessage tips = DagTipsMessage.of(node.state());
        for (int i = 0; i < DagReconciler.TIPS_BURST; i++) {
            node.reconciler.onTips(peer, tips);
        }
        assertThat(peer.misbehaviourScore()).isZero();
        node.reconciler.onTips(peer, tips);
        assertThat(peer.misbehaviourScore()).isEqualTo(DagReconciler.OVER_RATE_PENALTY);
        assertThat(peer.misbehaviourReasons().get(0)).endsWith("sent dagtips more than 2 times a second");

        scheduler.advance(1_000);
        node.reconciler.onTips(peer, tips);
        node.reconciler.onTips(peer, tips);
        assertThat(peer.misbehaviourScore()).isEqualTo(DagReconciler.OVER_RATE_PENALTY);
    }

    @Test
    void getdagrangeIsAnsweredUpToItsBudgetThenCosts10PointsUnanswered() {
        Node node = new Node("node", DagBuilder.grow(2, 50, new Random(5)));
        FakeSyncPeer peer = node.ready("greedy", 0, true);
        peer.clearSent();
        GetDagRangeMessage request = GetDagRangeMessage.locate(DagLocator.genesisOnly(node.base.graph.index()));
        for (int i = 0; i < DagRangeServer.BURST; i++) {
            node.reconciler.onGetRange(peer, request);
        }
        assertThat(peer.sent(DagRangeMessage.class)).hasSize(DagRangeServer.BURST)
                .allMatch(m -> m.blocks().size() == 50 && !m.more());
        node.reconciler.onGetRange(peer, request);
        assertThat(peer.sent(DagRangeMessage.class)).hasSize(DagRangeServer.BURST);
        assertThat(peer.misbehaviourScore()).isEqualTo(DagRangeServer.OVER_RATE_PENALTY);
    }

    @Test
    void aLocatingRequestIsAnsweredFromTheForkAndAContinuingOneAfterItsCursor() {
        List<DagBlock> shared = DagBuilder.grow(2, 100, new Random(6));
        List<DagBlock> ours = concat(shared, mineOn(shared, 30, "ours"));
        Node node = new Node("node", ours);
        DagIndex theirs = DagBuilder.index(concat(shared, mineOn(shared, 3, "theirs")));
        DagRangeServer server = new DagRangeServer(node.base.graph.index(), scheduler);

        DagRangeMessage answer = server.page(GetDagRangeMessage.locate(DagLocator.of(theirs)));
        // Their locator samples every height near their tips, the top of the shared DAG among them: the answer is
        // exactly what we mined apart.
        int fork = DagBuilder.index(shared).maxHeight() + 1;
        assertThat(answer.more()).isFalse();
        assertThat(answer.blocks()).isEqualTo(node.base.graph.index().blocksFromHeight(fork, Hash.ZERO, 1_000))
                .hasSize(30);

        BlockAtHeight cursor = answer.blocks().get(answer.blocks().size() - 3);
        assertThat(server.page(GetDagRangeMessage.after(cursor)).blocks())
                .isEqualTo(answer.blocks().subList(answer.blocks().size() - 2, answer.blocks().size()));
    }

    @Test
    void aPeerWhoseListingMissesItsOwnTipGetsOneFullRoundThenNoneUntilItsTipsChange() {
        Node node = new Node("node", DagBuilder.grow(2, 20, new Random(7)));
        FakeSyncPeer liar = node.ready("liar", 30, true);
        liar.clearSent();
        Hash phantom = filled(9);
        DagTipsMessage tips = new DagTipsMessage(DagState.tipsHash(List.of(phantom)), 31, 30, 30, 1, List.of(phantom));

        node.reconciler.onTips(liar, tips);
        node.reconciler.onRange(liar, new DagRangeMessage(List.of(), false));

        GetDagRangeMessage fallback = liar.lastSent(GetDagRangeMessage.class).orElseThrow();
        assertThat(fallback).isEqualTo(GetDagRangeMessage.locate(DagLocator.genesisOnly(node.base.graph.index())));
        node.reconciler.onRange(liar, new DagRangeMessage(List.of(), false));
        assertThat(node.reconciler.isReconciling(liar)).isFalse();

        node.reconciler.onTips(liar, tips);
        scheduler.advance(DagReconciler.CHECK_INTERVAL_MILLIS * 3);
        assertThat(liar.sent(GetDagRangeMessage.class)).as("stuck on these tips").hasSize(2);

        Hash other = filled(8);
        node.reconciler.onTips(liar, new DagTipsMessage(DagState.tipsHash(List.of(other)), 32, 31, 31, 1, List.of(other)));
        assertThat(liar.sent(GetDagRangeMessage.class)).hasSize(3);
        assertThat(liar.misbehaviourReasons()).isEmpty();
    }

    @Test
    void anOrphanFromAReconcilingPeerStartsARoundInsteadOfGetblocks() {
        List<DagBlock> blocks = DagBuilder.grow(2, 10, new Random(8));
        List<DagBlock> chain = mineOn(blocks, 20, "chain");
        Node node = new Node("node", blocks);
        FakeSyncPeer peer = node.ready("peer", 0, true);
        DagBlock last = chain.get(19);
        node.base.sync.onInv(peer, List.of(InventoryItem.block(last.hash())));
        peer.clearSent();

        node.base.sync.onBlock(peer, last);

        assertThat(node.base.sync.orphans().contains(last.hash())).isTrue();
        assertThat(peer.sent()).containsExactly(GetDagRangeMessage.locate(DagLocator.of(node.base.graph.index())));
        assertThat(peer.misbehaviourReasons()).isEmpty();
    }

    @Test
    void ourTipsGoOutAtMostOnceASecondAndNotToAPeerThatHasTheSame() {
        List<DagBlock> blocks = DagBuilder.grow(2, 20, new Random(9));
        Node node = new Node("node", blocks);
        FakeSyncPeer peer = node.ready("peer", 0, true);
        assertThat(peer.sent(DagTipsMessage.class)).hasSize(1);

        for (DagBlock b : mineOn(blocks, 5, "here")) {
            node.base.sync.submitBlock(b);
        }
        assertThat(peer.sent(DagTipsMessage.class)).as("within the second").hasSize(1);
        scheduler.advance(DagTipsAnnouncer.INTERVAL_MILLIS);
        assertThat(peer.sent(DagTipsMessage.class)).hasSize(2);
        assertThat(peer.lastSent(DagTipsMessage.class)).contains(DagTipsMessage.of(node.state()));

        // The peer holds what we will hold: once we do, it is not told.
        List<DagBlock> more = mineOn(concat(blocks, List.of()), 1, "there");
        DagState target = DagBuilder.index(concat(concat(blocks, mineOn(blocks, 5, "here")), more)).state();
        node.reconciler.onTips(peer, DagTipsMessage.of(target));
        scheduler.advance(5_000);
        peer.clearSent();
        node.base.sync.submitBlock(more.get(0));
        assertThat(node.state()).isEqualTo(target);
        scheduler.advance(5_000);
        assertThat(peer.sent(DagTipsMessage.class)).isEmpty();
    }

    @Test
    void anUnansweredGetdagrangeEndsTheRoundAndALaterCheckAsksAgain() {
        Node node = new Node("node", List.of());
        FakeSyncPeer silent = node.ready("silent", 10, true);
        Remote remote = new Remote(DagBuilder.grow(1, 10, new Random(10)));
        node.reconciler.onTips(silent, remote.tips());
        assertThat(silent.sent(GetDagRangeMessage.class)).hasSize(1);

        scheduler.advance(TIMEOUT_MILLIS);
        assertThat(node.reconciler.isReconciling(silent)).isFalse();
        scheduler.advance(DagReconciler.CHECK_INTERVAL_MILLIS);
        assertThat(silent.sent(GetDagRangeMessage.class)).hasSize(2);
        assertThat(node.reconciler.isReconciling(silent)).isTrue();
    }
}
