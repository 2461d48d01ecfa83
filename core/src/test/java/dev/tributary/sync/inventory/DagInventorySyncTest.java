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
import dev.tributary.net.NetConfig;
import dev.tributary.dag.DagParameters;
import dev.tributary.testing.CountingKeyValueStore;
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

/**
 * Inventory sync of a dagtest BlockDAG ({@link DagBlockGraph}): the real protocol module's {@link InventorySync}
 * driven directly with fake peers, in virtual time. Syncs between whole nodes over the simulated network are in the
 * node module ({@code DagNetworkSyncTest}).
 */
class DagInventorySyncTest {
    private static final DagParameters PARAMS = DagParameters.DAGTEST;
    private static final int PROTOCOL_VERSION = NetConfig.PROTOCOL_VERSION;

    /** A clock that reads the time {@code DagBuilder} gives its blocks. */
    private final ManualScheduler scheduler = new ManualScheduler(DagBuilder.time() * 1000);

    /**
     * A dagtest DAG on a counting in-memory store and its real protocol module ({@link DagInventoryProtocol}); the
     * sync is driven directly with fake peers.
     */
    private record Unit(CountingKeyValueStore store, DagBlockGraph graph, DagInventoryProtocol protocol) {
        static Unit open(String name, ManualScheduler scheduler, InventoryConfig config) {
            CountingKeyValueStore store = new CountingKeyValueStore('b');
            DagBlockGraph graph = DagBlockGraph.open(DagStore.open(store, PARAMS), PARAMS, scheduler, PROTOCOL_VERSION);
            return new Unit(store, graph, new DagInventoryProtocol(graph, scheduler, config, new Random(name.hashCode())));
        }

        InventorySync<DagBlock, DagGetBlocksMessage> sync() {
            return protocol.sync();
        }
    }

    private static InventoryConfig config() {
        return InventoryConfig.forDag(PARAMS);
    }

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
    private Unit deliverInOrder(List<DagBlock> blocks, List<DagBlock> order) {
        Unit node = Unit.open("node", scheduler, config().withAllowUnrequestedBlocks(false));
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync().onPeerReady(peer);
        node.sync().onInv(peer, blockItems(blocks));
        assertThat(getDataHashes(peer)).containsExactlyInAnyOrderElementsOf(hashes(blocks));
        for (DagBlock b : order) {
            node.sync().onBlock(peer, b);
        }
        assertThat(peer.misbehaviourReasons()).isEmpty();
        assertThat(node.sync().orphans().size()).isZero();
        assertThat(node.store().writes()).as("each block stored once, genesis at open").hasSize(blocks.size() + 1)
                .allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
        return node;
    }

    @Test
    void aDagDeliveredInReverseOrderEndsInTheSameState() {
        List<DagBlock> blocks = DagBuilder.grow(3, 300, new Random(1));
        List<DagBlock> reversed = new ArrayList<>(blocks);
        Collections.reverse(reversed);

        Unit node = deliverInOrder(blocks, reversed);

        DagIndex reference = DagBuilder.index(blocks);
        assertThat(node.graph().state()).isEqualTo(reference.state());
        DagBlockGraph reopened = DagBlockGraph.open(DagStore.open(node.store(), PARAMS), PARAMS,
                scheduler, PROTOCOL_VERSION);
        assertThat(reopened.state()).as("every connected block was stored").isEqualTo(reference.state());
        assertThat(blocks).anyMatch(b -> b.parents().size() > 1);
    }

    @Property(tries = 20)
    void aDagDeliveredInAnyOrderEndsInTheSameState(@ForAll long seed) {
        Random random = new Random(seed);
        List<DagBlock> blocks = DagBuilder.grow(1 + random.nextInt(4), 80, random);
        List<DagBlock> shuffled = new ArrayList<>(blocks);
        Collections.shuffle(shuffled, random);

        Unit node = deliverInOrder(blocks, shuffled);

        assertThat(node.graph().state()).isEqualTo(DagBuilder.index(blocks).state());
        assertThat(node.graph().index().canonicalOrder()).isEqualTo(DagBuilder.index(blocks).canonicalOrder());
    }

    @Test
    void anOrphanAsksForEveryMissingParent() {
        DagIndex dag = DagIndex.create(PARAMS);
        DagMiner miner = new DagMiner(PARAMS);
        DagBlock left = miner.mine(dag, List.of(), DagBuilder.time(), "left".getBytes(StandardCharsets.UTF_8));
        DagBlock right = miner.mine(dag, List.of(), DagBuilder.time(), "right".getBytes(StandardCharsets.UTF_8));
        dag.add(left);
        dag.add(right);
        DagBlock merge = miner.mine(dag, List.of(), DagBuilder.time(), "merge".getBytes(StandardCharsets.UTF_8));
        assertThat(merge.parents()).hasSize(2);
        Unit node = Unit.open("node", scheduler, config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync().onPeerReady(peer);

        node.sync().onBlock(peer, merge);

        assertThat(node.graph().accept(merge)).isEqualTo(new Acceptance.Orphan(merge.hash(), Set.of(left.hash(), right.hash())));
        assertThat(getDataHashes(peer)).containsExactlyInAnyOrder(left.hash(), right.hash());
        node.sync().onBlock(peer, right);
        node.sync().onBlock(peer, left);
        assertThat(node.graph().state()).isEqualTo(dagWith(left, right, merge).state());
        assertThat(node.sync().orphans().size()).isZero();
    }

    private static DagIndex dagWith(DagBlock... blocks) {
        return DagBuilder.index(List.of(blocks));
    }

    @Test
    void aPeerFloodingDagOrphansNeverPushesThePoolPast700() {
        List<DagBlock> blocks = DagBuilder.grow(2, 1_300, new Random(4));
        Unit node = Unit.open("node", scheduler, config());
        FakeSyncPeer hostile = FakeSyncPeer.named("hostile").withBestKnownHeight(0);
        node.sync().onPeerReady(hostile);

        int max = 0;
        int sent = 0;
        for (DagBlock b : blocks) {
            if (b.height() == 1) {
                continue; // withheld: every block above descends from one, so each is an orphan
            }
            node.sync().onBlock(hostile, b);
            sent++;
            max = Math.max(max, node.sync().orphans().size());
        }

        assertThat(sent).isGreaterThan(1_000);
        assertThat(max).isEqualTo(700);
        assertThat(node.sync().orphans().size()).isEqualTo(700);
        assertThat(node.graph().height()).isZero();
        assertThat(node.graph().state().blockCount()).isEqualTo(1);
        assertThat(node.store().writes()).hasSize(1); // genesis only
    }

    @Test
    void getblocksIsAnsweredWithHeightsAndTheZeroHashContinueAfterTheLastOfAFullAnswer() {
        List<DagBlock> blocks = DagBuilder.grow(2, 600, new Random(6));
        Unit node = Unit.open("node", scheduler, config());
        blocks.forEach(node.sync()::submitBlock);
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync().onPeerReady(peer);
        peer.clearSent();

        node.sync().onGetBlocks(peer, new DagGetBlocksMessage(PROTOCOL_VERSION, 0, Hash.ZERO));

        DagInvMessage answer = peer.lastSent(DagInvMessage.class).orElseThrow();
        List<BlockAtHeight> expected = node.graph().index().blocksFromHeight(0, Hash.ZERO, 500);
        assertThat(answer.items()).containsExactlyElementsOf(expected.stream().map(DagInventoryItem::block).toList());
        DagInventoryItem last = answer.items().get(499);
        peer.clearSent();

        node.sync().onGetData(peer, List.of(InventoryItem.block(last.hash()), InventoryItem.block(Hash.ZERO)));

        assertThat(peer.sent()).hasSize(3);
        assertThat(peer.sent().get(0)).isInstanceOf(DagBlockMessage.class);
        assertThat(peer.sent().get(1)).isEqualTo(new DagInvMessage(List.of(
                DagInventoryItem.block(Hash.ZERO, node.graph().height()))));
        assertThat(peer.sent().get(2)).isEqualTo(new DagNotFoundMessage(List.of(DagInventoryItem.block(Hash.ZERO, 0))));
    }

    @Test
    void anInvalidDagBlockCostsItsSenderThePenaltyAndIsNotKept() {
        // Genesis claimed at height 4: the block says 5, but its only parent is at 0 ("bad-height").
        DagBlock wrongHeight = new DagMiner(PARAMS).mineOn(
                List.of(new BlockAtHeight(PARAMS.genesisHash(), 4)), List.of(), DagBuilder.time(), new byte[0]);
        Unit node = Unit.open("node", scheduler, config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync().onPeerReady(peer);

        node.sync().onBlock(peer, wrongHeight);

        assertThat(peer.misbehaviourScore()).isEqualTo(100);
        assertThat(node.graph().contains(wrongHeight.hash())).isFalse();
        assertThat(node.sync().orphans().size()).isZero();
    }

    /** A transaction that CheckTransaction rejects ("bad-txns-vout-negative") but dagtest's validator does not look at. */
    private static Transaction negativeOutput() {
        TxInput in = new TxInput(new OutPoint(PARAMS.genesisHash(), 0), new byte[0], 0xffffffffL, List.of());
        return new Transaction(1, List.of(in), List.of(new TxOutput(-1, new byte[] {0x51})), 0);
    }

    @Test
    void aDagBlockWithATransactionBreakingCheckTransactionIsInvalidWithThatRulesPenalty() {
        Transaction bad = negativeOutput();
        Verdict<BlockRejectReason> rule = BlockValidator.checkTransaction(bad);
        assertThat(rule.reason()).contains(BlockRejectReason.TX_NEGATIVE_OUTPUT);
        DagMiner miner = new DagMiner(PARAMS);
        DagIndex genesisOnly = DagIndex.create(PARAMS);
        DagBlock block = miner.mine(genesisOnly, List.of(bad), DagBuilder.time(), "bad".getBytes(StandardCharsets.UTF_8));
        assertThat(new DagValidator(PARAMS).validate(block, genesisOnly, DagBuilder.time()).isAccepted())
                .as("dagtest's own rules pass it").isTrue();
        Unit node = Unit.open("node", scheduler, config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync().onPeerReady(peer);

        assertThat(node.graph().accept(block)).isInstanceOfSatisfying(Acceptance.Invalid.class, invalid -> {
            assertThat(invalid.penalty()).isEqualTo(BlockRejectReason.TX_NEGATIVE_OUTPUT.penalty());
            assertThat(invalid.reason()).contains(block.hash().toString()).contains("transaction 1")
                    .contains("bad-txns-vout-negative");
        });
        node.sync().onBlock(peer, block);

        assertThat(peer.misbehaviourScore()).isEqualTo(BlockRejectReason.TX_NEGATIVE_OUTPUT.penalty());
        assertThat(node.graph().contains(block.hash())).isFalse();
        assertThat(node.store().writes()).hasSize(1); // genesis only
    }

    @Test
    void anOrphanWithATransactionBreakingCheckTransactionIsInvalidNotKept() {
        DagMiner miner = new DagMiner(PARAMS);
        DagIndex dag = DagIndex.create(PARAMS);
        DagBlock parent = miner.mine(dag, List.of(), DagBuilder.time(), "parent".getBytes(StandardCharsets.UTF_8));
        dag.add(parent);
        DagBlock orphan = miner.mine(dag, List.of(negativeOutput()), DagBuilder.time(), "bad".getBytes(StandardCharsets.UTF_8));
        Unit node = Unit.open("node", scheduler, config());
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync().onPeerReady(peer);

        node.sync().onBlock(peer, orphan);

        assertThat(peer.misbehaviourScore()).isEqualTo(100);
        assertThat(node.sync().orphans().size()).isZero();
        assertThat(getDataHashes(peer)).doesNotContain(parent.hash());
    }
}
