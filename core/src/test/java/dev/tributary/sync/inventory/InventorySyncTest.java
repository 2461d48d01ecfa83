package dev.tributary.sync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.store.ChainState;
import dev.tributary.chain.store.InMemorySyncPersist;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.Block;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.message.TxMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Blocks-first sync: the real protocol module ({@link InventoryProtocol}) of a regtest chain, its {@link InventorySync}
 * driven directly with fake peers, in virtual time. Syncs between whole nodes over the simulated network are in the
 * node module ({@code InventoryNetworkSyncTest}).
 */
class InventorySyncTest {
    private static final long START = 1_600_000_000L;

    private final ManualScheduler scheduler = new ManualScheduler();

    /** A regtest chain in memory and its blocks-first protocol module; the sync is driven directly. */
    private record Unit(ChainState chain, InventoryProtocol protocol) {
        static Unit regtest(String name, ManualScheduler scheduler, InventoryConfig config) {
            ChainState chain = ChainState.open(NetworkParameters.REGTEST, InMemorySyncPersist.create("regtest"),
                    Optional.empty());
            return new Unit(chain, new InventoryProtocol(chain, scheduler, config, new Random(name.hashCode())));
        }

        InventorySync<Block, GetBlocksMessage> sync() {
            return protocol.sync();
        }

        int height() {
            return protocol.sync().graph().height();
        }
    }

    private static InventoryConfig config() {
        return InventoryConfig.forNetwork(NetworkParameters.REGTEST);
    }

    private static List<Block> chain(ChainBuilder b, int count) {
        b.extendTip(count);
        List<Block> all = b.mainChainBlocks();
        return all.subList(1, all.size());
    }

    private static InvMessage inv(List<Hash> hashes) {
        return new InvMessage(hashes.stream().map(InventoryItem::block).toList());
    }

    /** Delivers {@code blocks}, announced and requested, in the order given; returns the node. */
    private Unit deliverInOrder(List<Block> blocks, List<Block> order) {
        Unit node = Unit.regtest("node", scheduler, config().withAllowUnrequestedBlocks(false));
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(0);
        node.sync().onPeerReady(peer);
        node.sync().onInv(peer, inv(blocks.stream().map(Block::hash).toList()).items());
        assertThat(peer.getDataRequests()).containsExactlyInAnyOrderElementsOf(blocks.stream().map(Block::hash).toList());
        for (Block b : order) {
            node.sync().onBlock(peer, b);
        }
        assertThat(peer.misbehaviourScore()).isZero();
        assertThat(node.sync().orphans().size()).isZero();
        return node;
    }

    @Test
    void blocksDeliveredInReverseOrderEndInTheSameChain() {
        ChainBuilder builder = ChainBuilder.regtest(2, START);
        List<Block> blocks = chain(builder, 300);
        List<Block> reversed = new ArrayList<>(blocks);
        Collections.reverse(reversed);

        Unit node = deliverInOrder(blocks, reversed);

        assertThat(node.chain().blockTip().hash()).isEqualTo(builder.tip().hash());
        assertThat(node.chain().blocksComplete()).isTrue();
    }

    @Property(tries = 15)
    void blocksOfTwoBranchesDeliveredInAnyOrderEndInTheSameChain(@ForAll long seed) {
        ChainBuilder builder = ChainBuilder.regtest(3, START);
        List<Block> every = new ArrayList<>(builder.extendTip(40));
        every.addAll(builder.extend(builder.index().mainChainAt(15).orElseThrow(), 30)); // a longer branch
        List<Block> shuffled = new ArrayList<>(every);
        Collections.shuffle(shuffled, new Random(seed));

        Unit node = deliverInOrder(every, shuffled);

        assertThat(node.chain().blockTip().hash()).isEqualTo(builder.tip().hash());
        assertThat(node.chain().blockTip().height()).isEqualTo(45);
    }

    @Test
    void aPeerFloodingOrphansNeverPushesThePoolPastItsBound() {
        ChainBuilder builder = ChainBuilder.regtest(4, START);
        List<Block> blocks = chain(builder, 1_200);
        Unit node = Unit.regtest("node", scheduler, config());
        FakeSyncPeer hostile = FakeSyncPeer.named("hostile").withBestKnownHeight(1_200);
        node.sync().onPeerReady(hostile);

        int max = 0;
        for (Block b : blocks.subList(1, blocks.size())) { // never block 1: every one is an orphan
            node.sync().onBlock(hostile, b);
            max = Math.max(max, node.sync().orphans().size());
        }

        assertThat(max).isEqualTo(700);
        assertThat(node.sync().orphans().size()).isEqualTo(700);
        assertThat(node.sync().orphans().contains(blocks.get(1).hash())).as("the oldest were evicted").isFalse();
        assertThat(node.height()).isZero();
    }

    @Test
    void anUnrequestedBlockIsMisbehaviourExceptOnRegtest() {
        ChainBuilder builder = ChainBuilder.regtest(5, START);
        List<Block> blocks = chain(builder, 2);
        Unit strict = Unit.regtest("strict", scheduler,
                InventoryConfig.forNetwork(NetworkParameters.MAINNET));
        assertThat(strict.sync().graph()).isNotNull();
        FakeSyncPeer pusher = FakeSyncPeer.named("pusher");
        strict.sync().onPeerReady(pusher);
        strict.sync().onBlock(pusher, blocks.get(0));
        assertThat(pusher.misbehaviourScore()).isEqualTo(InventorySync.UNREQUESTED_BLOCK_PENALTY);
        assertThat(strict.height()).isZero();

        Unit lenient = Unit.regtest("lenient", scheduler, config());
        FakeSyncPeer other = FakeSyncPeer.named("other");
        lenient.sync().onPeerReady(other);
        lenient.sync().onBlock(other, blocks.get(0));
        assertThat(other.misbehaviourScore()).isZero();
        assertThat(lenient.height()).isEqualTo(1);
    }

    @Test
    void outstandingRequestsAreBounded() {
        ChainBuilder builder = ChainBuilder.regtest(6, START);
        List<Block> blocks = chain(builder, 300);
        Unit node = Unit.regtest("node", scheduler,
                config().withRequests(60_000, 3, 100));
        FakeSyncPeer peer = FakeSyncPeer.named("peer").withBestKnownHeight(300);
        node.sync().onPeerReady(peer);

        node.sync().onInv(peer, inv(blocks.stream().map(Block::hash).toList()).items());

        assertThat(peer.getDataRequests()).hasSize(100);
        assertThat(node.sync().requests().size()).isEqualTo(100);
    }

    @Test
    void inSyncModeBlockAnnouncementsFromPeersOtherThanTheSyncPeerAreDropped() {
        ChainBuilder builder = ChainBuilder.regtest(7, START);
        List<Block> blocks = chain(builder, 20);
        Unit node = Unit.regtest("node", scheduler, config());
        FakeSyncPeer first = FakeSyncPeer.named("first").withBestKnownHeight(20);
        FakeSyncPeer second = FakeSyncPeer.named("second").withBestKnownHeight(20);
        node.sync().onPeerReady(first);
        node.sync().onPeerReady(second);
        FakeSyncPeer syncPeer = (FakeSyncPeer) node.sync().syncPeer().orElseThrow();
        FakeSyncPeer other = syncPeer == first ? second : first;
        assertThat(node.sync().inSyncMode()).isTrue();
        assertThat(syncPeer.sent(GetBlocksMessage.class)).hasSize(1);

        node.sync().onInv(other, inv(List.of(blocks.get(0).hash())).items());
        assertThat(other.getDataRequests()).isEmpty();

        node.sync().onInv(syncPeer, inv(List.of(blocks.get(0).hash())).items());
        assertThat(syncPeer.getDataRequests()).containsExactly(blocks.get(0).hash());
    }

    @Test
    void aNewBlockIsAnnouncedOnceToEachPeerThatDoesNotKnowIt() {
        ChainBuilder builder = ChainBuilder.regtest(9, START);
        List<Block> blocks = chain(builder, 2);
        Unit node = Unit.regtest("node", scheduler, config());
        FakeSyncPeer sender = FakeSyncPeer.named("sender").withBestKnownHeight(0);
        FakeSyncPeer plain = FakeSyncPeer.named("plain").withBestKnownHeight(0);
        FakeSyncPeer headers = FakeSyncPeer.named("headers").withBestKnownHeight(0).preferringHeaderAnnouncements(true);
        List.of(sender, plain, headers).forEach(node.sync()::onPeerReady);
        List.of(sender, plain, headers).forEach(FakeSyncPeer::clearSent);

        node.sync().onInv(sender, inv(List.of(blocks.get(0).hash())).items());
        node.sync().onBlock(sender, blocks.get(0));
        node.sync().submitBlock(blocks.get(0));

        assertThat(plain.sent()).containsExactly(inv(List.of(blocks.get(0).hash())));
        assertThat(headers.sent()).containsExactly(new HeadersMessage(List.of(blocks.get(0).header())));
        assertThat(sender.sent()).as("it sent the block")
                .containsExactly(new GetDataMessage(List.of(InventoryItem.block(blocks.get(0).hash()))));

        node.sync().submitBlock(blocks.get(1));
        assertThat(sender.sent(InvMessage.class)).containsExactly(inv(List.of(blocks.get(1).hash())));
        assertThat(plain.sent(InvMessage.class)).hasSize(2);
    }

    @Test
    void inSyncModeABlockFromTheSyncPeerIsAnnouncedToPeersBelowItOnly() {
        ChainBuilder builder = ChainBuilder.regtest(11, START);
        List<Block> blocks = chain(builder, 3);
        Unit node = Unit.regtest("node", scheduler, config());
        FakeSyncPeer ahead = FakeSyncPeer.named("ahead").withBestKnownHeight(3);
        node.sync().onPeerReady(ahead);
        FakeSyncPeer level = FakeSyncPeer.named("level").withBestKnownHeight(1);
        FakeSyncPeer behind = FakeSyncPeer.named("behind").withBestKnownHeight(0);
        node.sync().onPeerReady(level);
        node.sync().onPeerReady(behind);
        assertThat(node.sync().syncPeer()).contains(ahead);
        node.sync().onInv(ahead, inv(List.of(blocks.get(0).hash())).items());
        List.of(ahead, level, behind).forEach(FakeSyncPeer::clearSent);

        node.sync().onBlock(ahead, blocks.get(0));

        assertThat(node.sync().inSyncMode()).as("the sync peer is still higher").isTrue();
        assertThat(behind.sent(InvMessage.class)).containsExactly(inv(List.of(blocks.get(0).hash())));
        assertThat(level.sent(InvMessage.class)).as("it has a block at that height").isEmpty();
        assertThat(ahead.sent(InvMessage.class)).as("it sent the block").isEmpty();
    }

    @Test
    void announcementsAreNotResentToAPeerThatAnnouncedTheBlock() {
        ChainBuilder builder = ChainBuilder.regtest(10, START);
        List<Block> blocks = chain(builder, 1);
        Unit node = Unit.regtest("node", scheduler, config());
        FakeSyncPeer a = FakeSyncPeer.named("a").withBestKnownHeight(0);
        FakeSyncPeer b = FakeSyncPeer.named("b").withBestKnownHeight(0);
        node.sync().onPeerReady(a);
        node.sync().onPeerReady(b);
        node.sync().onInv(b, inv(List.of(blocks.get(0).hash())).items());
        a.clearSent();
        b.clearSent();

        node.sync().submitBlock(blocks.get(0));

        assertThat(a.sent(InvMessage.class)).hasSize(1);
        assertThat(b.sent(InvMessage.class)).isEmpty();
    }

    @Test
    void transactionsAreRelayedByInvGetdataTxAndLeaveThePoolWhenABlockConfirmsThem() {
        ChainBuilder builder = ChainBuilder.regtest(12, START);
        Unit node = Unit.regtest("node", scheduler, config());
        FakeSyncPeer a = FakeSyncPeer.named("a").withBestKnownHeight(0);
        FakeSyncPeer b = FakeSyncPeer.named("b").withBestKnownHeight(0);
        node.sync().onPeerReady(a);
        node.sync().onPeerReady(b);
        a.clearSent();
        b.clearSent();
        Transaction tx = builder.transaction(250, false);
        InvMessage txInv = new InvMessage(List.of(InventoryItem.tx(tx.txid())));

        node.sync().onInv(a, txInv.items());
        assertThat(a.sent()).containsExactly(new GetDataMessage(List.of(InventoryItem.tx(tx.txid()))));
        node.sync().onTransaction(a, tx);
        assertThat(node.sync().mempool().contains(tx.txid())).isTrue();
        assertThat(b.sent()).containsExactly(txInv);
        assertThat(a.sent(InvMessage.class)).as("a sent it").isEmpty();

        node.sync().onGetData(b, List.of(InventoryItem.tx(tx.txid())));
        assertThat(b.sent()).hasSize(2);
        assertThat(b.sent().get(1).command()).isEqualTo(TxMessage.COMMAND);
        assertThat(b.sent().get(1).payload()).isEqualTo(tx.serialize(true));

        node.sync().submitBlock(builder.mine(builder.tip(), List.of(tx)));
        assertThat(node.sync().mempool().size()).isZero();
        node.sync().onTransaction(b, tx);
        assertThat(node.sync().mempool().size()).as("a confirmed transaction does not come back").isZero();
    }

    @Test
    void theMemoryPoolStaysWithinItsBoundsWhateverPeersSend() {
        ChainBuilder builder = ChainBuilder.regtest(13, START);
        Unit node = Unit.regtest("node", scheduler, config().withMempool(50, 20_000));
        FakeSyncPeer flooder = FakeSyncPeer.named("flooder").withBestKnownHeight(0);
        node.sync().onPeerReady(flooder);
        for (int i = 0; i < 500; i++) {
            node.sync().onTransaction(flooder, builder.transaction(100 + i, false));
            assertThat(node.sync().mempool().size()).isLessThanOrEqualTo(50);
            assertThat(node.sync().mempool().bytes()).isLessThanOrEqualTo(20_000);
        }
        assertThat(node.sync().submitTransaction(builder.transaction(300, false))).isTrue();
    }

    @Test
    void aTransactionThatBreaksAContextFreeRuleIsPenalizedAndNeitherPooledNorRelayed() {
        ChainBuilder builder = ChainBuilder.regtest(14, START);
        Unit node = Unit.regtest("node", scheduler, config());
        FakeSyncPeer sender = FakeSyncPeer.named("sender").withBestKnownHeight(0);
        FakeSyncPeer other = FakeSyncPeer.named("other").withBestKnownHeight(0);
        node.sync().onPeerReady(sender);
        node.sync().onPeerReady(other);
        other.clearSent();
        Transaction valid = builder.transaction(200, false);
        Transaction noOutputs = new Transaction(valid.version(), valid.inputs(), List.of(), valid.lockTime());

        node.sync().onTransaction(sender, noOutputs);

        assertThat(sender.misbehaviourScore()).isPositive();
        assertThat(node.sync().mempool().size()).isZero();
        assertThat(other.sent()).isEmpty();
        assertThat(node.sync().submitTransaction(noOutputs)).as("nor from here").isFalse();
    }
}
