package dev.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.wire.WireError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake peer against itself: two scripted peers on loopback, one serving a chain, one asking. */
class ScriptedPeerTest {
    private static final NetworkParameters REGTEST = NetworkParameters.REGTEST;
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static ChainBuilder chain;

    @BeforeAll
    static void buildChain() {
        chain = ChainBuilder.regtest(3, 1_700_000_000L);
        chain.extendTip(30);
    }

    private static GetDataMessage getData(int fromHeight, int count) {
        List<InventoryItem> items = chain.mainChainBlocks().subList(fromHeight, fromHeight + count).stream()
                .map(b -> InventoryItem.block(b.hash())).toList();
        return new GetDataMessage(items);
    }

    @Test
    void handshakesAnswersPingsAndServesHeadersAndBlocks() {
        try (ScriptedPeer server = new ScriptedPeer(REGTEST).serving(chain);
                ScriptedPeer client = new ScriptedPeer(REGTEST).startHeight(0)) {
            client.connect(server.listen()).awaitHandshake(WAIT);
            server.awaitHandshake(WAIT);
            assertThat(client.peerVersion().orElseThrow().startHeight()).isEqualTo(30);
            assertThat(client.peerVersion().orElseThrow().hasServices(VersionMessage.NODE_NETWORK)).isTrue();

            client.send(new PingMessage(5));
            assertThat(client.awaitMessage(PongMessage.class, WAIT).nonce()).isEqualTo(5);

            client.send(new GetHeadersMessage(70015, List.of(REGTEST.genesisHash()), Hash.ZERO));
            assertThat(client.awaitMessage(HeadersMessage.class, WAIT).headers()).hasSize(30);

            client.send(getData(1, 3));
            for (int h = 1; h <= 3; h++) {
                assertThat(client.awaitMessage(BlockMessage.class, WAIT).block().hash())
                        .isEqualTo(chain.index().mainChainAt(h).orElseThrow().hash());
            }
            assertThat(server.blocksSent()).hasSize(3);
            assertThat(server.blocksRequested()).hasSize(3);
        }
    }

    @Test
    void stallsAfterItsQuotaOfBlocks() {
        try (ScriptedPeer server = new ScriptedPeer(REGTEST).serving(chain).stallAfterBlocks(2);
                ScriptedPeer client = new ScriptedPeer(REGTEST)) {
            client.connect(server.listen()).awaitHandshake(WAIT);
            client.send(getData(1, 5));
            client.awaitMessage(BlockMessage.class, WAIT);
            client.awaitMessage(BlockMessage.class, WAIT);
            // The request is acknowledged by what follows it: a ping behind it is answered, no more blocks.
            client.send(new PingMessage(1));
            client.awaitMessage(PongMessage.class, WAIT);
            server.awaitMessage(PingMessage.class, WAIT);
            assertThat(server.awaitBlocksWithheld(3, WAIT)).hasSize(3);
            assertThat(client.received(BlockMessage.class)).hasSize(2);
        }
    }

    @Test
    void disconnectsAfterItsQuotaOfBlocksOnceTheyAreSent() {
        try (ScriptedPeer server = new ScriptedPeer(REGTEST).serving(chain).disconnectAfterBlocks(3);
                ScriptedPeer client = new ScriptedPeer(REGTEST)) {
            client.connect(server.listen()).awaitHandshake(WAIT);
            client.send(getData(1, 5));
            client.awaitClosed(WAIT);
            assertThat(client.received(BlockMessage.class)).hasSize(3);
            assertThat(server.blocksSent()).hasSize(3);
        }
    }

    @Test
    void answersNotFoundWhenToldTo() {
        try (ScriptedPeer server = new ScriptedPeer(REGTEST).serving(chain).answerNotFound(true);
                ScriptedPeer client = new ScriptedPeer(REGTEST)) {
            client.connect(server.listen()).awaitHandshake(WAIT);
            client.send(getData(1, 4));
            assertThat(client.awaitMessage(NotFoundMessage.class, WAIT).items()).hasSize(4);
            assertThat(client.received(BlockMessage.class)).isEmpty();
        }
    }

    @Test
    void recordsWhatDoesNotDecodeAndScriptedHandlersReplaceDefaults() {
        try (ScriptedPeer server = new ScriptedPeer(REGTEST).ignore(PingMessage.class);
                ScriptedPeer client = new ScriptedPeer(REGTEST)) {
            client.connect(server.listen()).awaitHandshake(WAIT);
            client.sendRaw(RawFrames.badChecksum(REGTEST.magic(), new PingMessage(1)));
            client.sendFrame("bogus", new byte[] {1});
            client.send(new PingMessage(2));
            assertThat(server.awaitMessage(PingMessage.class, WAIT).nonce()).isEqualTo(2);
            assertThat(server.wireErrors()).extracting(WireError::kind)
                    .containsExactly(WireError.Kind.BAD_CHECKSUM, WireError.Kind.UNKNOWN_COMMAND);
            assertThatThrownBy(() -> client.awaitMessage(PongMessage.class, Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no PongMessage");
        }
    }

    @Test
    void aListeningPeerAcceptsOneConnectionOnly() {
        try (ScriptedPeer server = new ScriptedPeer(REGTEST);
                ScriptedPeer first = new ScriptedPeer(REGTEST);
                ScriptedPeer second = new ScriptedPeer(REGTEST)) {
            var address = server.listen();
            first.connect(address).awaitHandshake(WAIT);
            assertThatThrownBy(() -> second.connect(address)).hasMessageContaining("cannot connect");
        }
    }
}
