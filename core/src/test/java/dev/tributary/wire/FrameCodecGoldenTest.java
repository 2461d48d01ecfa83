package dev.tributary.wire;

import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.chain.Block;
import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.Transaction;
import dev.tributary.chain.TransactionTest;
import dev.tributary.chain.TxOutput;
import dev.tributary.chain.message.BlockMessage;
import dev.tributary.chain.message.GetBlocksMessage;
import dev.tributary.chain.message.GetDataMessage;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.chain.message.NotFoundMessage;
import dev.tributary.chain.message.TxMessage;
import dev.tributary.net.bitcoin.AddrMessage;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.PongMessage;
import dev.tributary.net.bitcoin.TimestampedAddress;
import dev.tributary.net.bitcoin.VersionMessage;
import static dev.tributary.wire.WireFixtures.MAINNET;
import static dev.tributary.wire.WireFixtures.decodeFrame;
import static dev.tributary.wire.WireFixtures.hex;
import static dev.tributary.wire.WireFixtures.mainnetBlock;
import static dev.tributary.wire.WireFixtures.mainnetHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden frames, one per message: each is written out field by field (magic, 12-byte command, length, checksum,
 * payload). {@link FrameCodec#encode} must produce exactly those bytes, and decoding them must give back an equal
 * message that re-encodes to the same bytes.
 *
 * <p>Where a vector was not copied from a published capture, its checksum (first 4 bytes of SHA-256d of the
 * payload) was computed independently with Python's hashlib, not with the code under test.
 */
class FrameCodecGoldenTest {

    // Hashes of real mainnet objects, in internal (wire) order.
    /** Block 0 (000000000019d668...), internal order. */
    static final String GENESIS = "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000";
    /** Block 1 (00000000839a8e68...), internal order. */
    static final String BLOCK1 = "4860eb18bf1b1620e37e9490fc8a427514416fd75159ab86688e9a8300000000";
    /** Block 170's second transaction, Satoshi to Hal Finney (f4184fc5...9e16), internal order. */
    static final String TX170 = "169e1e83e930853391bc6f35f605c6754cfead57cf8387639d3b4096c54f18f4";
    static final String ZERO = "00".repeat(32);

    private static void assertGolden(Message message, byte[] frame) {
        assertThat(hex(FrameCodec.encode(MAINNET, message))).isEqualTo(hex(frame));
        Message decoded = decodeFrame(frame);
        assertThat(decoded).isEqualTo(message);
        assertThat(decoded.command()).isEqualTo(message.command());
        assertThat(hex(FrameCodec.encode(MAINNET, decoded))).isEqualTo(hex(frame));
    }

    private static Hash h(String internalHex) {
        return Hash.fromInternalHex(internalHex);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void verack() {
        // Bitcoin developer reference, "verack": the 24-byte frame with an empty payload.
        byte[] frame = hex("f9beb4d9" + "76657261636b000000000000" + "00000000" + "5df6e0e2");
        assertThat(frame).hasSize(24);
        assertGolden(EmptyMessages.Verack.INSTANCE, frame);
    }

    @Test
    void getaddr() {
        byte[] frame = hex("f9beb4d9" + "676574616464720000000000" + "00000000" + "5df6e0e2");
        assertGolden(EmptyMessages.GetAddr.INSTANCE, frame);
    }

    @Test
    void sendheaders() {
        // "sendheaders" is 11 characters: one NUL of padding.
        byte[] frame = hex("f9beb4d9" + "73656e646865616465727300" + "00000000" + "5df6e0e2");
        assertGolden(EmptyMessages.SendHeaders.INSTANCE, frame);
    }

    @Test
    void pingAndPong() {
        byte[] ping = hex("f9beb4d9" + "70696e670000000000000000" + "08000000" + "33bc15e5"
                + "efcdab8967452301"); // nonce 0x0123456789abcdef, uint64 LE
        byte[] pong = hex("f9beb4d9" + "706f6e670000000000000000" + "08000000" + "33bc15e5"
                + "efcdab8967452301");
        assertGolden(new PingMessage(0x0123456789abcdefL), ping);
        assertGolden(new PongMessage(0x0123456789abcdefL), pong);
        // the nonce is an unsigned 64-bit value; the top bit must survive
        PingMessage big = (PingMessage) decodeFrame(FrameCodec.encode(MAINNET, new PingMessage(0xf000000000000001L)));
        assertThat(big.nonce()).isEqualTo(0xf000000000000001L);
    }

    /** Bitcoin developer reference, P2P network, "version" example (also Programming Bitcoin's test vector). */
    @Test
    void versionFromTheDeveloperReference() {
        byte[] frame = hex("f9beb4d9" + "76657273696f6e0000000000" + "65000000" + "5f1a69d2"
                + "72110100" // protocol version 70002
                + "0100000000000000" // services NODE_NETWORK
                + "bc8f5e5400000000" // timestamp 1415483324
                + "0100000000000000" + "00000000000000000000ffffc61b6409" + "208d" // receiver 198.27.100.9:8333
                + "0100000000000000" + "00000000000000000000ffffcb0071c0" + "208d" // sender 203.0.113.192:8333
                + "128035cbc97953f8" // nonce
                + "0f" + "2f5361746f7368693a302e392e332f" // user agent "/Satoshi:0.9.3/"
                + "cf050500" // start height 329167
                + "01"); // relay
        VersionMessage expected = new VersionMessage(70002, VersionMessage.NODE_NETWORK, 1415483324L,
                new NetworkAddress(1, ip("198.27.100.9"), 8333), new NetworkAddress(1, ip("203.0.113.192"), 8333),
                0xf85379c9cb358012L, "/Satoshi:0.9.3/", 329167, true);
        assertGolden(expected, frame);
        VersionMessage decoded = (VersionMessage) decodeFrame(frame);
        assertThat(decoded.receiver().address()).isInstanceOf(Inet4Address.class);
        assertThat(decoded.hasServices(VersionMessage.NODE_NETWORK)).isTrue();
        assertThat(decoded.hasServices(VersionMessage.NODE_WITNESS)).isFalse();
    }

    /**
     * Bitcoin wiki, "Protocol documentation", version hexdump (/Satoshi:0.7.2/, protocol 60002): a payload without
     * the relay byte, which BIP 37 defaults to true. Tributary always sends the relay byte, so the re-encoded payload
     * is the original plus 01.
     */
    @Test
    void versionWithoutRelayFromTheWiki() {
        String payload = "62ea0000" // protocol version 60002
                + "0100000000000000" // services NODE_NETWORK
                + "11b2d05000000000" // timestamp 1355854353
                + "0100000000000000" + "00000000000000000000ffff00000000" + "0000" // receiver 0.0.0.0:0
                + "0000000000000000" + "00000000000000000000ffff00000000" + "0000" // sender 0.0.0.0:0
                + "3b2eb35d8ce61765" // nonce
                + "0f" + "2f5361746f7368693a302e372e322f" // "/Satoshi:0.7.2/"
                + "c03e0300"; // start height 212672
        byte[] frame = hex("f9beb4d9" + "76657273696f6e0000000000" + "64000000" + "358d4932" + payload);
        VersionMessage v = (VersionMessage) decodeFrame(frame);
        assertThat(v).isEqualTo(new VersionMessage(60002, 1, 1355854353L, new NetworkAddress(1, ip("0.0.0.0"), 0),
                new NetworkAddress(0, ip("0.0.0.0"), 0), 0x6517e68c5db32e3bL, "/Satoshi:0.7.2/", 212672, true));
        assertThat(hex(v.payload())).isEqualTo(payload + "01");
    }

    @Test
    void getheadersWithARealLocator() {
        // A node at height 1 asking for what follows: locator [block 1, genesis], no stop hash.
        byte[] frame = hex("f9beb4d9" + "676574686561646572730000" + "65000000" + "53edfd81"
                + "80110100" // protocol version 70016
                + "02" + BLOCK1 + GENESIS
                + ZERO); // stop hash: as many as allowed
        assertGolden(new GetHeadersMessage(70016, List.of(h(BLOCK1), h(GENESIS)), Hash.ZERO), frame);
    }

    @Test
    void getblocks() {
        byte[] frame = hex("f9beb4d9" + "676574626c6f636b73000000" + "45000000" + "806ccf49"
                + "80110100" // protocol version 70016
                + "01" + GENESIS
                + BLOCK1); // stop at block 1
        assertGolden(new GetBlocksMessage(70016, List.of(h(GENESIS)), h(BLOCK1)), frame);
    }

    @Test
    void headersWithTheFirstTwoMainnetHeaders() {
        String genesisHeader = "01000000" + ZERO
                + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a" + "29ab5f49" + "ffff001d"
                + "1dac2b7c";
        String block1Header = "01000000" + GENESIS
                + "982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e" + "61bc6649" + "ffff001d"
                + "01e36299";
        byte[] frame = hex("f9beb4d9" + "686561646572730000000000" + "a3000000" + "58e6dc8c"
                + "02" + genesisHeader + "00" + block1Header + "00"); // each header followed by tx count 0
        List<BlockHeader> real = mainnetHeaders(2);
        assertThat(hex(real.get(0).serialize())).isEqualTo(genesisHeader);
        assertThat(hex(real.get(1).serialize())).isEqualTo(block1Header);
        assertGolden(new HeadersMessage(real), frame);
        assertThat(new HeadersMessage(real).payloadSizeHint()).isEqualTo(frame.length - 24);
        HeadersMessage decoded = (HeadersMessage) decodeFrame(frame);
        assertThat(decoded.headers().get(1).hash()).isEqualTo(h(BLOCK1));
        assertThat(decoded.headers().get(1).prevHash()).isEqualTo(decoded.headers().get(0).hash());
    }

    @Test
    void inv() {
        byte[] frame = hex("f9beb4d9" + "696e76000000000000000000" + "49000000" + "d7525efb"
                + "02"
                + "02000000" + BLOCK1 // MSG_BLOCK
                + "01000000" + TX170); // MSG_TX
        assertGolden(new InvMessage(List.of(InventoryItem.block(h(BLOCK1)), InventoryItem.tx(h(TX170)))), frame);
    }

    @Test
    void getdataAsksForAWitnessBlock() {
        byte[] frame = hex("f9beb4d9" + "676574646174610000000000" + "25000000" + "97e8f9e9"
                + "01" + "02000040" + GENESIS); // MSG_WITNESS_BLOCK = 2 | 1 << 30
        GetDataMessage expected = new GetDataMessage(List.of(InventoryItem.witnessBlock(h(GENESIS))));
        assertGolden(expected, frame);
        InventoryItem item = expected.items().get(0);
        assertThat(item.isBlock()).isTrue();
        assertThat(item.wantsWitness()).isTrue();
        assertThat(item.baseType()).isEqualTo(InventoryItem.BLOCK);
    }

    @Test
    void notfound() {
        byte[] frame = hex("f9beb4d9" + "6e6f74666f756e6400000000" + "25000000" + "6621f680"
                + "01" + "01000000" + TX170);
        assertGolden(new NotFoundMessage(List.of(InventoryItem.tx(h(TX170)))), frame);
    }

    /** Bitcoin wiki, "Protocol documentation", addr hexdump: one IPv4 address, 10.0.0.1:8333. */
    @Test
    void addrFromTheWiki() {
        byte[] frame = hex("f9beb4d9" + "616464720000000000000000" + "1f000000" + "ed52399b"
                + "01"
                + "e215104d" // last seen 1292899810 (Tue Dec 21 2010)
                + "0100000000000000" // NODE_NETWORK
                + "00000000000000000000ffff0a000001" // ::ffff:10.0.0.1
                + "208d"); // port 8333, big-endian
        AddrMessage expected = new AddrMessage(List.of(
                new TimestampedAddress(1292899810L, new NetworkAddress(1, ip("10.0.0.1"), 8333))));
        assertGolden(expected, frame);
        assertThat(((AddrMessage) decodeFrame(frame)).addresses().get(0).address().toSocketAddress().toString())
                .isEqualTo("/10.0.0.1:8333");
    }

    @Test
    void addrWithIpv6AndIpv4MappedEntries() {
        byte[] frame = hex("f9beb4d9" + "616464720000000000000000" + "3d000000" + "86c16130"
                + "02"
                + "5f1a6966" + "0904000000000000" // NODE_NETWORK | NODE_WITNESS | NODE_NETWORK_LIMITED
                + "20010db8000000000000000000000001" + "208d" // [2001:db8::1]:8333
                + "e0b16866" + "0100000000000000"
                + "00000000000000000000ffffcb007107" + "479d"); // 203.0.113.7:18333
        AddrMessage expected = new AddrMessage(List.of(
                new TimestampedAddress(0x66691a5fL, new NetworkAddress(0x409, ip("2001:db8::1"), 8333)),
                new TimestampedAddress(0x6668b1e0L, new NetworkAddress(1, ip("203.0.113.7"), 18333))));
        assertGolden(expected, frame);
        AddrMessage decoded = (AddrMessage) decodeFrame(frame);
        assertThat(decoded.addresses().get(0).address().address()).isInstanceOf(Inet6Address.class);
        assertThat(decoded.addresses().get(1).address().address()).isInstanceOf(Inet4Address.class);
    }

    /** The mainnet genesis block, 285 bytes, as a block message. */
    @Test
    void blockWithTheGenesisBlock() {
        String genesis = "01000000" + ZERO
                + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a" + "29ab5f49" + "ffff001d" + "1dac2b7c"
                + "01" // one transaction
                + "01000000" + "01" + ZERO + "ffffffff" // coinbase: version, one input spending the null outpoint
                + "4d" + "04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e20"
                + "6272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73" // "The Times 03/Jan/2009..."
                + "ffffffff" // sequence
                + "01" + "00f2052a01000000" // one output of 50 BTC
                + "43" + "4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec1"
                + "12de5c384df7ba0b8d578a4c702b6bf11d5fac"
                + "00000000"; // lock time
        byte[] raw = hex(genesis);
        assertThat(raw).hasSize(285).isEqualTo(mainnetBlock(0));
        byte[] frame = hex("f9beb4d9" + "626c6f636b00000000000000" + "1d010000" + "f71a2403" + genesis);
        Block block = Block.parse(raw);
        assertGolden(new BlockMessage(block), frame);
        // a stored block is sent without re-serializing: same frame
        assertThat(FrameCodec.encode(MAINNET, new SerializedMessage("block", raw))).isEqualTo(frame);
        Block decoded = ((BlockMessage) decodeFrame(frame)).block();
        assertThat(decoded.hash().toString())
                .isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertThat(decoded.header().time()).isEqualTo(1231006505L);
        assertThat(decoded.header().bits()).isEqualTo(0x1d00ffffL);
        assertThat(decoded.header().nonce()).isEqualTo(2083236893L);
        assertThat(decoded.transactions()).hasSize(1);
        assertThat(decoded.transactions().get(0).isCoinbase()).isTrue();
        assertThat(decoded.transactions().get(0).outputs().get(0).value()).isEqualTo(5_000_000_000L);
        assertThat(decoded.transactions().get(0).txid().toString())
                .isEqualTo("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
    }

    /** Block 170's second transaction, the first bitcoin payment (Satoshi to Hal Finney), as a tx message. */
    @Test
    void txWithBlock170sSpend() {
        String tx = "01000000" // version
                + "01" + "c997a5e56e104102fa209c6a852dd90660a20b2d9c352423edce25857fcd3704" + "00000000" // spends block 9's coinbase:0
                + "48" + "47304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07"
                + "de4860a4acdd12909d831cc56cbbac4622082221a8768d1d0901" // scriptSig: one signature
                + "ffffffff"
                + "02"
                + "00ca9a3b00000000" + "43" + "4104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab3"
                + "7397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84cac" // 10 BTC to Hal
                + "00286bee00000000" + "43" + "410411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0"
                + "eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3ac" // 40 BTC change
                + "00000000";
        byte[] raw = hex(tx);
        byte[] block170 = mainnetBlock(170);
        assertThat(hex(block170)).endsWith(tx);
        // the checksum of a tx payload is the first 4 bytes of its txid in internal order: 169e1e83
        byte[] frame = hex("f9beb4d9" + "747800000000000000000000" + "13010000" + "169e1e83" + tx);
        Transaction t = Transaction.parse(raw);
        assertGolden(new TxMessage(t), frame);
        Transaction decoded = ((TxMessage) decodeFrame(frame)).transaction();
        assertThat(decoded.txid()).isEqualTo(h(TX170));
        assertThat(decoded.wtxid()).isEqualTo(decoded.txid());
        assertThat(decoded.outputs()).extracting(TxOutput::value).containsExactly(1_000_000_000L, 4_000_000_000L);
        assertThat(decoded.inputs().get(0).previous().txid().toString())
                .isEqualTo("0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9");
        assertThat(Block.parse(block170).transactions().get(1)).isEqualTo(decoded);
    }

    @Test
    void segwitTxMessage() {
        byte[] frame = hex("f9beb4d9" + "747800000000000000000000" + "7c000000" + "1eda39d4"
                + TransactionTest.SEGWIT_TX);
        assertGolden(new TxMessage(Transaction.parse(hex(TransactionTest.SEGWIT_TX))), frame);
    }

    @Test
    void encodeRejectsCommandsThatCannotBeFramed() {
        for (String bad : List.of("", "thirteenchars", "sp ace", "caf\u00e9", "tab\t", "nul\0")) {
            assertThatThrownBy(() -> FrameCodec.encode(MAINNET, bad, new byte[0]))
                    .as("command '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // exactly 12 characters: no padding at all
        byte[] frame = FrameCodec.encode(MAINNET, "twelvecharss", new byte[0]);
        assertThat(hex(frame)).isEqualTo("f9beb4d9" + "7477656c7665636861727373" + "00000000" + "5df6e0e2");
    }

    @Test
    void encodeRejectsPayloadsOverTheLimit() {
        assertThatThrownBy(() -> FrameCodec.encode(MAINNET, "block", new byte[WireLimits.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 MiB");
    }

    @Test
    void anIgnoredMessageIsNeverSent() {
        assertThatThrownBy(() -> FrameCodec.encode(MAINNET, new IgnoredMessage("feefilter", 8)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theMagicIsWrittenAsItsLittleEndianInt() {
        byte[] frame = FrameCodec.encode(WireFixtures.TESTNET, EmptyMessages.Verack.INSTANCE);
        assertThat(hex(frame)).startsWith("0b110907" + "76657261636b");
    }
}
