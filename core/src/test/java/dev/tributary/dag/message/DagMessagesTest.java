package dev.tributary.dag.message;

import dev.tributary.dag.BlockAtHeight;
import dev.tributary.sync.inventory.DagInventoryProtocol;
import dev.tributary.net.bitcoin.BitcoinMessages;
import static dev.tributary.dag.DagFixtures.GENESIS;
import static dev.tributary.dag.DagFixtures.PARAMS;
import static dev.tributary.dag.DagFixtures.filled;
import static dev.tributary.dag.DagFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.FrameCodec;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.wire.WireError;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Golden frames written field by field (magic, command, length, checksum, payload); the checksums were computed
 * independently with Python's hashlib.
 */
class DagMessagesTest {
    private static final MessageCodec CODEC = DagInventoryProtocol.codec();

    static final String GETBLOCKS_FRAME = "d6a9c7e5" + "676574626c6f636b73000000" + "28000000" + "88c0d1ca"
            + "80110100" // protocol version 70016
            + "05000000" // start height 5
            + "4444444444444444444444444444444444444444444444444444444444444444"; // stop hash

    static final String INV_FRAME = "d6a9c7e5" + "696e76000000000000000000" + "51000000" + "fc3da55c"
            + "02"
            + "02000000" + "1111111111111111111111111111111111111111111111111111111111111111" + "07000000"
            + "01000000" + "2222222222222222222222222222222222222222222222222222222222222222" + "00000000";

    @Test
    void getblocksGoldenFrame() {
        DagGetBlocksMessage m = new DagGetBlocksMessage(70016, 5, filled(0x44));
        assertThat(hex(FrameCodec.encode(PARAMS.magic(), m))).isEqualTo(GETBLOCKS_FRAME);
        assertThat(decode("getblocks", m.payload())).isEqualTo(m);
        assertThat(m.toTips()).isFalse();
        assertThat(DagGetBlocksMessage.toTips(1, 0).toTips()).isTrue();
    }

    @Test
    void invGoldenFrameCarriesHeights() {
        DagInvMessage m = new DagInvMessage(List.of(DagInventoryItem.block(filled(0x11), 7), DagInventoryItem.tx(filled(0x22))));
        assertThat(hex(FrameCodec.encode(PARAMS.magic(), m))).isEqualTo(INV_FRAME);
        assertThat(decode("inv", m.payload())).isEqualTo(m);
        assertThat(m.items().get(0)).hasToString("block:" + filled(0x11) + "@7");
    }

    @Test
    void getdataNotfoundAndBlockRoundTrip() {
        List<DagInventoryItem> items = List.of(DagInventoryItem.block(BlockAtHeight.of(GENESIS)));
        assertThat(decode("getdata", new DagGetDataMessage(items).payload())).isEqualTo(new DagGetDataMessage(items));
        assertThat(decode("notfound", new DagNotFoundMessage(items).payload())).isEqualTo(new DagNotFoundMessage(items));
        DagBlockMessage block = new DagBlockMessage(GENESIS);
        assertThat(block.payload()).isEqualTo(GENESIS.serialize());
        assertThat(decode("block", block.payload())).isEqualTo(block);
    }

    @Test
    void theCodecKeepsBitcoinsControlMessages() {
        assertThat(decode("ping", new PingMessage(42).payload())).isEqualTo(new PingMessage(42));
        // Bitcoin's codec reads the 40-byte entries as 36-byte ones and fails on what is left.
        DagInvMessage m = new DagInvMessage(List.of(DagInventoryItem.block(filled(1), 1)));
        assertThat(BitcoinMessages.codec().decode("inv", m.payload())).isInstanceOf(DecodeResult.Failed.class);
        assertThat(decode("inv", m.payload())).isNotInstanceOf(InvMessage.class);
    }

    @Test
    void negativeHeightsAreMalformed() {
        byte[] item = new byte[DagInventoryItem.SIZE];
        item[39] = (byte) 0x80;
        assertThatThrownBy(() -> DagInventoryItem.read(new ByteReader(item))).isInstanceOf(MalformedDataException.class);
        byte[] getblocks = new DagGetBlocksMessage(1, 0, Hash.ZERO).payload();
        getblocks[7] = (byte) 0xff;
        assertThat(CODEC.decode("getblocks", getblocks)).isInstanceOf(DecodeResult.Failed.class);
    }

    @Test
    void trailingBytesAreAnError() {
        byte[] payload = Arrays.copyOf(new DagGetBlocksMessage(1, 0, Hash.ZERO).payload(), DagGetBlocksMessage.SIZE + 1);
        DecodeResult r = CODEC.decode("getblocks", payload);
        assertThat(r).isInstanceOf(DecodeResult.Failed.class);
        assertThat(((DecodeResult.Failed) r).error().kind()).isEqualTo(WireError.Kind.MALFORMED_PAYLOAD);
    }

    @Property(tries = 300)
    void anyBytesGiveAMessageOrAnError(@ForAll("commands") String command, @ForAll("payloads") byte[] payload) {
        DecodeResult r = CODEC.decode(command, payload);
        assertThat(r).isNotNull();
        if (r instanceof DecodeResult.Decoded d) {
            assertThat(d.message().payload()).as("a decoded message re-encodes to its bytes").isEqualTo(payload);
        }
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of("inv", "getdata", "notfound", "getblocks", "block");
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> mutatedGenesis = Arbitraries.integers().between(0, GENESIS.size() - 1).flatMap(i ->
                Arbitraries.bytes().map(b -> {
                    byte[] raw = GENESIS.serialize();
                    raw[i] = b;
                    return raw;
                }));
        return Arbitraries.oneOf(random, mutatedGenesis);
    }

    private static Message decode(String command, byte[] payload) {
        DecodeResult r = CODEC.decode(command, payload);
        assertThat(r).as(r.toString()).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) r).message();
    }
}
