package dev.tributary.sync;

import dev.tributary.chain.store.ChainState;
import static dev.tributary.sync.TestChains.START;
import static dev.tributary.sync.TestChains.at;
import static dev.tributary.sync.TestChains.blockAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.FakeSyncPeer;
import dev.tributary.testing.ManualScheduler;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.wire.Message;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.wire.SerializedMessage;
import dev.tributary.wire.WireLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serving the chain: {@code getheaders} and {@code getblocks} from the best header chain (limits, stop
 * hash, locators, Core's continuation), {@code getdata} from the block store (one {@code notfound}, witness
 * stripping), and flow control against a peer whose send queue fills.
 */
class ChainServerTest {
    private static final int VERSION = 70015;
    private static final int HEIGHT = 2_100;
    private static final ChainBuilder REFERENCE = ChainBuilder.regtest(13, START);
    private static Block witnessBlock;
    private static List<Block> sideBranch;

    private final ManualScheduler scheduler = new ManualScheduler();
    private ChainState chain;
    private ChainServer server;
    private final FakeSyncPeer peer = FakeSyncPeer.named("client");

    @BeforeAll
    static void buildReference() {
        REFERENCE.extendTip(HEIGHT);
        sideBranch = REFERENCE.extend(at(REFERENCE, 50), 5);
        witnessBlock = REFERENCE.mine(REFERENCE.tip(), List.of(REFERENCE.transaction(150, true)));
    }

    @BeforeEach
    void serveTheReferenceWithBodiesUpTo600() {
        chain = TestChains.emptyRegtest();
        TestChains.recordMainChain(chain, REFERENCE, HEIGHT);
        TestChains.recordHeaders(chain, ChainBuilder.headers(sideBranch));
        TestChains.storeBodies(chain, REFERENCE, 1, 600);
        server = new ChainServer(chain, scheduler, false);
    }

    private static Hash hashAt(int height) {
        return at(REFERENCE, height).hash();
    }

    private static List<BlockHeader> headers(int from, int to) {
        List<BlockHeader> out = new ArrayList<>();
        for (int h = from; h <= to; h++) {
            out.add(at(REFERENCE, h).header());
        }
        return out;
    }

    private List<BlockHeader> getHeaders(List<Hash> locator, Hash stop) {
        peer.clearSent();
        server.onGetHeaders(peer, new GetHeadersMessage(VERSION, locator, stop));
        assertThat(peer.sent()).hasSize(1);
        return headersSent().get(0).headers();
    }

    /** The {@code headers} answers sent, decoded: the server sends them as encoded payloads. */
    private List<HeadersMessage> headersSent() {
        return peer.sent(SerializedMessage.class).stream().filter(m -> m.command().equals(HeadersMessage.COMMAND))
                .map(m -> HeadersMessage.read(new ByteReader(m.payload()))).toList();
    }

    private static GetDataMessage getData(InventoryItem... items) {
        return new GetDataMessage(List.of(items));
    }

    /** The payloads of the {@code block} messages sent, in order. */
    private List<byte[]> blocksSent() {
        List<byte[]> out = new ArrayList<>();
        for (Message m : peer.sent()) {
            if (m.command().equals(BlockMessage.COMMAND)) {
                out.add(m.payload());
            }
        }
        return out;
    }

    private static Hash unknown(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        b[2] = (byte) (i >> 16);
        b[31] = 0x7f;
        return Hash.wrap(b);
    }

    // ---- getheaders --------------------------------------------------------------------------------

    @Test
    void getHeadersIsAnsweredWithAtMost2000MainChainHeadersAfterTheLocator() {
        assertThat(getHeaders(List.of(REFERENCE.genesis().hash()), Hash.ZERO)).isEqualTo(headers(1, 2_000));
        assertThat(getHeaders(List.of(hashAt(2_050), hashAt(2_000)), Hash.ZERO)).isEqualTo(headers(2_051, HEIGHT));
        assertThat(getHeaders(List.of(hashAt(HEIGHT)), Hash.ZERO)).isEmpty();
    }

    @Test
    void aFullNodeServesItsValidatedHeadersAlsoAboveItsBlockTip() {
        // Bodies are stored up to 600. Regression: headers were served only up to the block tip, so a node that
        // imported headers (or was still downloading bodies) answered a headers-only sync with nothing.
        ChainServer full = new ChainServer(chain, scheduler, true);
        full.onGetHeaders(peer, new GetHeadersMessage(VERSION, List.of(REFERENCE.genesis().hash()), Hash.ZERO));
        full.onGetHeaders(peer, new GetHeadersMessage(VERSION, List.of(hashAt(600)), Hash.ZERO));

        List<HeadersMessage> answers = headersSent();
        assertThat(answers.get(0).headers()).isEqualTo(headers(1, 2_000));
        assertThat(answers.get(1).headers()).isEqualTo(headers(601, HEIGHT));
    }

    @Test
    void aFullNodeAnswersNotFoundForABlockAboveItsBlockTip() {
        ChainServer full = new ChainServer(chain, scheduler, true);
        full.onGetData(peer, getData(InventoryItem.block(hashAt(601))));

        assertThat(peer.sent(NotFoundMessage.class).get(0).items()).extracting(InventoryItem::hash)
                .containsExactly(hashAt(601));
    }

    @Test
    void aFullNodeAnnouncesInventoryOnlyUpToItsBlockTip() {
        ChainServer full = new ChainServer(chain, scheduler, true);
        full.onGetBlocks(peer, new GetBlocksMessage(VERSION, List.of(hashAt(400)), Hash.ZERO));

        assertThat(peer.sent(InvMessage.class).get(0).items()).extracting(InventoryItem::hash)
                .isEqualTo(TestChains.hashes(REFERENCE, 401, 600));
    }

    @Test
    void getHeadersEndsWithTheStopHashIncluded() {
        assertThat(getHeaders(List.of(hashAt(100)), hashAt(110))).isEqualTo(headers(101, 110));
    }

    @Test
    void getHeadersWithNoKnownLocatorHashStartsAfterGenesis() {
        assertThat(getHeaders(List.of(unknown(1), unknown(2)), Hash.ZERO)).isEqualTo(headers(1, 2_000));
    }

    @Test
    void getHeadersFromAPeerOnASideBranchContinuesFromTheFirstLocatorHashOnOurMainChain() {
        List<BlockHeader> answer = getHeaders(List.of(sideBranch.get(4).hash(), hashAt(50), hashAt(40)), Hash.ZERO);

        assertThat(answer).isEqualTo(headers(51, 2_050));
        assertThat(answer).doesNotContain(sideBranch.get(0).header());
    }

    // ---- getblocks ---------------------------------------------------------------------------------

    @Test
    void getBlocksIsAnsweredWithAnInvOfAtMost500AndFetchingTheLastOneAnnouncesTheTip() {
        server.onGetBlocks(peer, new GetBlocksMessage(VERSION, List.of(REFERENCE.genesis().hash()), Hash.ZERO));

        InvMessage inv = peer.sent(InvMessage.class).get(0);
        assertThat(inv.items()).hasSize(500);
        assertThat(inv.items()).extracting(InventoryItem::type).containsOnly(InventoryItem.BLOCK);
        assertThat(inv.items()).extracting(InventoryItem::hash).isEqualTo(TestChains.hashes(REFERENCE, 1, 500));

        peer.clearSent();
        server.onGetData(peer, getData(InventoryItem.block(hashAt(499))));
        assertThat(peer.sent()).hasSize(1);
        server.onGetData(peer, getData(InventoryItem.block(hashAt(500))));
        assertThat(peer.sent()).hasSize(3);
        assertThat(peer.sent().get(1).command()).isEqualTo(BlockMessage.COMMAND);
        assertThat(peer.sent().get(2)).isEqualTo(new InvMessage(List.of(InventoryItem.block(chain.mainTip().hash()))));

        peer.clearSent();
        server.onGetData(peer, getData(InventoryItem.block(hashAt(500))));
        assertThat(peer.sent()).as("the continuation is used once").hasSize(1);
    }

    @Test
    void getBlocksWithFewerThan500LeftHasNoContinuationAndHonoursTheStopHash() {
        server.onGetBlocks(peer, new GetBlocksMessage(VERSION, List.of(hashAt(100)), hashAt(111)));
        assertThat(peer.sent(InvMessage.class).get(0).items()).extracting(InventoryItem::hash)
                .as("the stop hash is not included").isEqualTo(TestChains.hashes(REFERENCE, 101, 110));

        peer.clearSent();
        server.onGetData(peer, getData(InventoryItem.block(hashAt(110))));
        assertThat(peer.sent()).hasSize(1);
    }

    @Test
    void getBlocksWithNothingAfterTheLocatorIsNotAnswered() {
        server.onGetBlocks(peer, new GetBlocksMessage(VERSION, List.of(hashAt(HEIGHT)), Hash.ZERO));

        assertThat(peer.sent()).isEmpty();
    }

    // ---- getdata -----------------------------------------------------------------------------------

    @Test
    void getDataSendsTheStoredBlocksInOrderThenOneNotFoundForTheRest() {
        server.onGetData(peer, getData(InventoryItem.block(hashAt(1)), InventoryItem.block(unknown(1)),
                InventoryItem.block(hashAt(2)), InventoryItem.block(hashAt(700)), InventoryItem.tx(unknown(2)),
                InventoryItem.block(hashAt(3))));

        assertThat(peer.sent()).hasSize(4);
        assertThat(blocksSent()).containsExactly(blockAt(REFERENCE, 1).serialize(), blockAt(REFERENCE, 2).serialize(),
                blockAt(REFERENCE, 3).serialize());
        assertThat(peer.sent().get(3)).isEqualTo(new NotFoundMessage(List.of(InventoryItem.block(unknown(1)),
                InventoryItem.block(hashAt(700)), InventoryItem.tx(unknown(2)))));
    }

    @Test
    void getDataForTransactionsIsAnsweredFromTheTransactionSource() {
        server.setTransactionSource(h -> h.equals(unknown(5)) ? Optional.of(new byte[] {1, 2, 3}) : Optional.empty());

        server.onGetData(peer, getData(InventoryItem.tx(unknown(5))));

        assertThat(peer.sent()).singleElement().satisfies(m -> {
            assertThat(m.command()).isEqualTo("tx");
            assertThat(m.payload()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void aWitnessBlockIsStrippedForAPeerThatAskedWithoutTheWitnessFlag() {
        assertThat(witnessBlock.hasWitness()).isTrue();
        chain.persist().saveBlock(witnessBlock.hash(), witnessBlock.serialize());

        server.onGetData(peer, getData(InventoryItem.block(witnessBlock.hash()), InventoryItem.witnessBlock(witnessBlock.hash())));

        List<byte[]> sent = blocksSent();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isEqualTo(witnessBlock.serialize(false));
        Block stripped = Block.parse(sent.get(0));
        assertThat(stripped.hasWitness()).isFalse();
        assertThat(stripped.hash()).isEqualTo(witnessBlock.hash());
        assertThat(sent.get(1)).isEqualTo(witnessBlock.serialize(true));
        assertThat(sent.get(1)).hasSizeGreaterThan(sent.get(0).length);
    }

    @Test
    void aBlockWithoutWitnessIsSentAsStoredWhateverTheFlag() {
        server.onGetData(peer, getData(InventoryItem.witnessBlock(hashAt(7)), InventoryItem.block(hashAt(7))));

        assertThat(blocksSent()).containsExactly(blockAt(REFERENCE, 7).serialize(), blockAt(REFERENCE, 7).serialize());
    }

    // ---- flow control ------------------------------------------------------------------------------

    @Test
    void servingPausesWhileTheSendQueueIsFullAndResumesWhenItDrains() {
        peer.setQueuedSendBytes(ChainServer.SEND_QUEUE_SOFT_LIMIT);
        server.onGetData(peer, getData(InventoryItem.block(hashAt(1)), InventoryItem.block(hashAt(2)),
                InventoryItem.block(unknown(1)), InventoryItem.block(hashAt(3))));
        assertThat(peer.sent()).isEmpty();

        server.onWritable(peer);
        assertThat(peer.sent()).as("still full").isEmpty();

        peer.drainSendQueue();
        server.onWritable(peer);
        assertThat(blocksSent()).hasSize(3);
        assertThat(peer.sent().get(3)).isInstanceOf(NotFoundMessage.class);
    }

    @Test
    void eachBlockSentFillsTheQueueSoServingGoesOneBlockPerDrain() {
        peer.queueingSentBytes(true).setQueuedSendBytes(ChainServer.SEND_QUEUE_SOFT_LIMIT - 1);
        server.onGetData(peer, getData(InventoryItem.block(hashAt(1)), InventoryItem.block(hashAt(2)),
                InventoryItem.block(hashAt(3))));
        assertThat(blocksSent()).hasSize(1);

        for (int expected = 2; expected <= 3; expected++) {
            peer.setQueuedSendBytes(ChainServer.SEND_QUEUE_SOFT_LIMIT - 1);
            server.onWritable(peer);
            assertThat(blocksSent()).hasSize(expected);
        }
        peer.drainSendQueue();
        server.onWritable(peer);
        assertThat(blocksSent()).as("nothing left to serve").hasSize(3);
    }

    @Test
    void morethan50000WaitingRequestsDisconnectThePeer() {
        peer.setQueuedSendBytes(ChainServer.SEND_QUEUE_SOFT_LIMIT);
        List<InventoryItem> many = new ArrayList<>();
        for (int i = 0; i < WireLimits.MAX_INVENTORY; i++) {
            many.add(InventoryItem.block(unknown(i)));
        }
        server.onGetData(peer, new GetDataMessage(many));
        assertThat(peer.isConnected()).as("50,000 waiting is the limit").isTrue();

        server.onGetData(peer, getData(InventoryItem.block(hashAt(1))));

        assertThat(peer.disconnectReason()).hasValueSatisfying(r -> assertThat(r).contains("getdata flood"));
        peer.drainSendQueue();
        server.onWritable(peer);
        assertThat(peer.sent()).isEmpty();
    }

    @Test
    void requestsAnsweredAtOnceDoNotCountTowardsTheFloodLimit() {
        List<InventoryItem> many = new ArrayList<>();
        for (int i = 0; i < WireLimits.MAX_INVENTORY; i++) {
            many.add(InventoryItem.block(unknown(i)));
        }

        server.onGetData(peer, new GetDataMessage(many));
        server.onGetData(peer, new GetDataMessage(many));

        assertThat(peer.isConnected()).isTrue();
        assertThat(peer.sent(NotFoundMessage.class)).hasSize(2);
    }

    @Test
    void aPeerThatIsGoneIsForgotten() {
        peer.setQueuedSendBytes(ChainServer.SEND_QUEUE_SOFT_LIMIT);
        server.onGetData(peer, getData(InventoryItem.block(hashAt(1))));
        server.onGetBlocks(peer, new GetBlocksMessage(VERSION, List.of(REFERENCE.genesis().hash()), Hash.ZERO));

        server.onPeerGone(peer);
        peer.drainSendQueue();
        peer.clearSent();
        server.onWritable(peer);
        server.onGetData(peer, getData(InventoryItem.block(hashAt(500))));

        assertThat(peer.sent()).as("the block, without the continuation inv").hasSize(1);
        assertThat(peer.sent().get(0)).isInstanceOf(SerializedMessage.class);
    }
}
