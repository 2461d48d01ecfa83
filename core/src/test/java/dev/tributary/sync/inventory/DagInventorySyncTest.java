package dev.tributary.sync.inventory;

import dev.tributary.validation.Verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.BlockRejectReason;
import dev.tributary.chain.BlockValidator;
import dev.tributary.dag.BlockAtHeight;
import dev.tributary.dag.DagBlock;
import dev.tributary.dag.message.DagBlockMessage;
import dev.tributary.dag.message.DagGetBlocksMessage;
import dev.tributary.dag.message.DagGetDataMessage;
import dev.tributary.dag.DagIndex;
import dev.tributary.dag.message.DagInvMessage;
import dev.tributary.dag.message.DagInventoryItem;
import dev.tributary.dag.DagMiner;
import dev.tributary.dag.message.DagNotFoundMessage;
import dev.tributary.dag.store.DagStore;
import dev.tributary.dag.DagValidator;
import dev.tributary.testing.DagBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.chain.OutPoint;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TxInput;
import dev.tributary.chain.TxOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Inventory sync of a dagtest BlockDAG ({@link DagBlockGraph}) with fake peers, in virtual time. */
class DagInventorySyncTest {
    private final ManualScheduler scheduler = DagTestNode.scheduler();

    private static List<InventoryItem> blockItems(List<DagBlock> blocks) {
        return blocks.stream().map(b -> InventoryItem.block(b.hash())).toList();
    }

    private static List<Hash> hashes(List<DagBlock> blocks) {
        return blocks.stream().map(DagBlock::hash).toList();
    }

    private static List<Hash> getDataHashes(FakeSyncPeer peer) {
        return peer.sent(DagGetDataMessage.class).stream().flatMap(m -> m.items().stream())
                .map(DagInventoryItem::hash).toList();
    }

    /** Announces {@code blocks} to a fresh strict node, then delivers them in {@code order}; returns the node. */
    private DagTestNode deliverInOrder(List<DagBlock> blocks, List<DagBlock> order) {
        DagTestNode node = new DagTestNode("node", scheduler, DagTestNode.config().withAllowUnrequestedBlocks(false));
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync.onPeerReady(peer);
        node.sync.onInv(peer, blockItems(blocks));
        assertThat(getDataHashes(peer)).containsExactlyInAnyOrderElementsOf(hashes(blocks));
        for (DagBlock b : order) {
            node.sync.onBlock(peer, b);
        }
        assertThat(peer.misbehaviourReasons()).isEmpty();
        assertThat(node.sync.orphans().size()).isZero();
        assertThat(node.store.writes()).as("each block stored once, genesis at open").hasSize(blocks.size() + 1)
                .allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
        return node;
    }

    @Test
    void aDagDeliveredInReverseOrderEndsInTheSameState() {
        List<DagBlock> blocks = DagBuilder.grow(3, 300, new Random(1));
        List<DagBlock> reversed = new ArrayList<>(blocks);
        Collections.reverse(reversed);

        DagTestNode node = deliverInOrder(blocks, reversed);

        DagIndex reference = DagBuilder.index(blocks);
        assertThat(node.graph.state()).isEqualTo(reference.state());
        DagBlockGraph reopened = DagBlockGraph.open(DagStore.open(node.store, DagTestNode.PARAMS), DagTestNode.PARAMS,
                scheduler, DagTestNode.PROTOCOL_VERSION);
        assertThat(reopened.state()).as("every connected block was stored").isEqualTo(reference.state());
        assertThat(blocks).anyMatch(b -> b.parents().size() > 1);
    }

    @Property(tries = 20)
    void aDagDeliveredInAnyOrderEndsInTheSameState(@ForAll long seed) {
        Random random = new Random(seed);
        List<DagBlock> blocks = DagBuilder.grow(1 + random.nextInt(4), 80, random);
        List<DagBlock> shuffled = new ArrayList<>(blocks);
        Collections.shuffle(shuffled, random);

        DagTestNode node = deliverInOrder(blocks, shuffled);

        assertThat(node.graph.state()).isEqualTo(DagBuilder.index(blocks).state());
        assertThat(node.graph.index().canonicalOrder()).isEqualTo(DagBuilder.index(blocks).canonicalOrder());
    }

    @Test
    void anOrphanAsksForEveryMissingParent() {
        DagIndex dag = DagIndex.create(DagTestNode.PARAMS);
        DagMiner miner = new DagMiner(DagTestNode.PARAMS);
        DagBlock left = miner.mine(dag, List.of(), DagBuilder.time(), "left".getBytes(StandardCharsets.UTF_8));
        DagBlock right = miner.mine(dag, List.of(), DagBuilder.time(), "right".getBytes(StandardCharsets.UTF_8));
        dag.add(left);
        dag.add(right);
        DagBlock merge = miner.mine(dag, List.of(), DagBuilder.time(), "merge".getBytes(StandardCharsets.UTF_8));
        assertThat(merge.parents()).hasSize(2);
        DagTestNode node = new DagTestNode("node", scheduler, DagTestNode.config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync.onPeerReady(peer);

        node.sync.onBlock(peer, merge);

        assertThat(node.graph.accept(merge)).isEqualTo(new Acceptance.Orphan(merge.hash(), Set.of(left.hash(), right.hash())));
        assertThat(getDataHashes(peer)).containsExactlyInAnyOrder(left.hash(), right.hash());
        node.sync.onBlock(peer, right);
        node.sync.onBlock(peer, left);
        assertThat(node.graph.state()).isEqualTo(dagWith(left, right, merge).state());
        assertThat(node.sync.orphans().size()).isZero();
    }

    private static DagIndex dagWith(DagBlock... blocks) {
        return DagBuilder.index(List.of(blocks));
    }

    @Test
    void aPeerFloodingDagOrphansNeverPushesThePoolPast700() {
        List<DagBlock> blocks = DagBuilder.grow(2, 1_300, new Random(4));
        DagTestNode node = new DagTestNode("node", scheduler, DagTestNode.config());
        FakeSyncPeer hostile = FakeSyncPeer.named("hostile").withBestKnownHeight(0);
        node.sync.onPeerReady(hostile);

        int max = 0;
        int sent = 0;
        for (DagBlock b : blocks) {
            if (b.height() == 1) {
                continue; // withheld: every block above descends from one, so each is an orphan
            }
            node.sync.onBlock(hostile, b);
            sent++;
            max = Math.max(max, node.sync.orphans().size());
        }

        assertThat(sent).isGreaterThan(1_000);
        assertThat(max).isEqualTo(700);
        assertThat(node.sync.orphans().size()).isEqualTo(700);
        assertThat(node.graph.height()).isZero();
        assertThat(node.graph.state().blockCount()).isEqualTo(1);
        assertThat(node.store.writes()).hasSize(1); // genesis only
    }

    @Test
    void aFreshNodeSyncsAWideDagOverSeveralGetblocksRoundsWithTheZeroHashContinue() {
        List<DagBlock> blocks = DagBuilder.grow(3, 1_200, new Random(5));
        DagTestNode source = new DagTestNode("source", scheduler, DagTestNode.config());
        for (DagBlock b : blocks) {
            assertThat(source.sync.submitBlock(b)).isInstanceOf(Acceptance.Connected.class);
        }
        DagTestNode fresh = new DagTestNode("fresh", scheduler, DagTestNode.config().withAllowUnrequestedBlocks(false));

        DagTestNode.Link link = DagTestNode.link(fresh, source, 10);
        assertThat(fresh.sync.inSyncMode()).isTrue();
        assertThat(scheduler.runUntil(() -> fresh.graph.state().equals(source.graph.state()), 600_000)).isTrue();

        assertThat(fresh.sync.inSyncMode()).isFalse();
        assertThat(fresh.sync.orphans().size()).isZero();
        assertThat(link.aSeesB().misbehaviourReasons()).isEmpty();
        List<DagGetBlocksMessage> asked = link.aSeesB().sent(DagGetBlocksMessage.class);
        assertThat(asked).as("one getblocks per 500 blocks, more or less").hasSizeBetween(3, 12);
        assertThat(asked.get(0)).isEqualTo(new DagGetBlocksMessage(DagTestNode.PROTOCOL_VERSION, 0, Hash.ZERO));
        List<DagInvMessage> continues = link.bSeesA().sent(DagInvMessage.class).stream()
                .filter(m -> m.items().size() == 1 && m.items().get(0).hash().isZero()).toList();
        assertThat(continues).as("\"ask me for more\" after each full answer").hasSizeGreaterThanOrEqualTo(2);
        assertThat(fresh.store.writes()).hasSize(1_201).allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void getblocksIsAnsweredWithHeightsAndTheZeroHashContinueAfterTheLastOfAFullAnswer() {
        List<DagBlock> blocks = DagBuilder.grow(2, 600, new Random(6));
        DagTestNode node = new DagTestNode("node", scheduler, DagTestNode.config());
        blocks.forEach(node.sync::submitBlock);
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync.onPeerReady(peer);
        peer.clearSent();

        node.sync.onGetBlocks(peer, new DagGetBlocksMessage(DagTestNode.PROTOCOL_VERSION, 0, Hash.ZERO));

        DagInvMessage answer = peer.lastSent(DagInvMessage.class).orElseThrow();
        List<BlockAtHeight> expected = node.graph.index().blocksFromHeight(0, Hash.ZERO, 500);
        assertThat(answer.items()).containsExactlyElementsOf(expected.stream().map(DagInventoryItem::block).toList());
        DagInventoryItem last = answer.items().get(499);
        peer.clearSent();

        node.sync.onGetData(peer, List.of(InventoryItem.block(last.hash()), InventoryItem.block(Hash.ZERO)));

        assertThat(peer.sent()).hasSize(3);
        assertThat(peer.sent().get(0)).isInstanceOf(DagBlockMessage.class);
        assertThat(peer.sent().get(1)).isEqualTo(new DagInvMessage(List.of(
                DagInventoryItem.block(Hash.ZERO, node.graph.height()))));
        assertThat(peer.sent().get(2)).isEqualTo(new DagNotFoundMessage(List.of(DagInventoryItem.block(Hash.ZERO, 0))));
    }

    @Test
    void anInvalidDagBlockCostsItsSenderThePenaltyAndIsNotKept() {
        // Genesis claimed at height 4: the block says 5, but its only parent is at 0 ("bad-height").
        DagBlock wrongHeight = new DagMiner(DagTestNode.PARAMS).mineOn(
                List.of(new BlockAtHeight(DagTestNode.PARAMS.genesisHash(), 4)), List.of(), DagBuilder.time(), new byte[0]);
        DagTestNode node = new DagTestNode("node", scheduler, DagTestNode.config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync.onPeerReady(peer);

        node.sync.onBlock(peer, wrongHeight);

        assertThat(peer.misbehaviourScore()).isEqualTo(100);
        assertThat(node.graph.contains(wrongHeight.hash())).isFalse();
        assertThat(node.sync.orphans().size()).isZero();
    }

    /** A transaction that CheckTransaction rejects ("bad-txns-vout-negative") but dagtest's validator does not look at. */
    private static Transaction negativeOutput() {
        TxInput in = new TxInput(new OutPoint(DagTestNode.PARAMS.genesisHash(), 0), new byte[0], 0xffffffffL, List.of());
        return new Transaction(1, List.of(in), List.of(new TxOutput(-1, new byte[] {0x51})), 0);
    }

    @Test
    void aDagBlockWithATransactionBreakingCheckTransactionIsInvalidWithThatRulesPenalty() {
        Transaction bad = negativeOutput();
        Verdict<BlockRejectReason> rule = BlockValidator.checkTransaction(bad);
        assertThat(rule.reason()).contains(BlockRejectReason.TX_NEGATIVE_OUTPUT);
        DagMiner miner = new DagMiner(DagTestNode.PARAMS);
        DagIndex genesisOnly = DagIndex.create(DagTestNode.PARAMS);
        DagBlock block = miner.mine(genesisOnly, List.of(bad), DagBuilder.time(), "bad".getBytes(StandardCharsets.UTF_8));
        assertThat(new DagValidator(DagTestNode.PARAMS).validate(block, genesisOnly, DagBuilder.time()).isAccepted())
                .as("dagtest's own rules pass it").isTrue();
        DagTestNode node = new DagTestNode("node", scheduler, DagTestNode.config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync.onPeerReady(peer);

        assertThat(node.graph.accept(block)).isInstanceOfSatisfying(Acceptance.Invalid.class, invalid -> {
            assertThat(invalid.penalty()).isEqualTo(BlockRejectReason.TX_NEGATIVE_OUTPUT.penalty());
            assertThat(invalid.reason()).contains(block.hash().toString()).contains("transaction 1")
                    .contains("bad-txns-vout-negative");
        });
        node.sync.onBlock(peer, block);

        assertThat(peer.misbehaviourScore()).isEqualTo(BlockRejectReason.TX_NEGATIVE_OUTPUT.penalty());
        assertThat(node.graph.contains(block.hash())).isFalse();
        assertThat(node.store.writes()).hasSize(1); // genesis only
    }

    @Test
    void anOrphanWithATransactionBreakingCheckTransactionIsInvalidNotKept() {
        DagMiner miner = new DagMiner(DagTestNode.PARAMS);
        DagIndex dag = DagIndex.create(DagTestNode.PARAMS);
        DagBlock parent = miner.mine(dag, List.of(), DagBuilder.time(), "parent".getBytes(StandardCharsets.UTF_8));
        dag.add(parent);
        DagBlock orphan = miner.mine(dag, List.of(negativeOutput()), DagBuilder.time(), "bad".getBytes(StandardCharsets.UTF_8));
        DagTestNode node = new DagTestNode("node", scheduler, DagTestNode.config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync.onPeerReady(peer);

        node.sync.onBlock(peer, orphan);

        assertThat(peer.misbehaviourScore()).isEqualTo(100);
        assertThat(node.sync.orphans().size()).isZero();
        assertThat(getDataHashes(peer)).doesNotContain(parent.hash());
    }
}
