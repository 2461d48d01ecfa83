package dev.tributary.wire;

import dev.tributary.chain.BlockHeader;
import dev.tributary.chain.message.ChainMessages;
import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.net.bitcoin.AddrMessage;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.TimestampedAddress;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.chain.message.InvMessage;
import dev.tributary.chain.message.InventoryItem;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.VersionMessage;
import dev.tributary.net.bitcoin.BitcoinMessages;
import static dev.tributary.wire.WireFixtures.decodeError;
import static dev.tributary.wire.WireFixtures.decodedMessage;
import static dev.tributary.wire.WireFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.ByteWriter;
import dev.tributary.bytes.Hash;
import dev.tributary.bytes.MalformedDataException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Payload decoding: the registry, ignored and unknown commands, truncation, trailing bytes and every count limit. */
class MessageCodecTest {
    private static final MessageCodec CODEC = BitcoinMessages.codec();

    private static DecodeResult decode(String command, byte[] payload) {
        return CODEC.decode(command, payload);
    }

    private static WireError malformed(String command, byte[] payload) {
        WireError e = decodeError(decode(command, payload));
        assertThat(e.kind()).isEqualTo(WireError.Kind.MALFORMED_PAYLOAD);
        assertThat(e.fatal()).isFalse();
        assertThat(e.command()).isEqualTo(command);
        assertThat(e.detail()).as("a decoder threw something other than MalformedDataException")
                .doesNotStartWith("undecodable");
        return e;
    }

    /** A varint count followed by {@code n} items of {@code itemSize} bytes each (all zero). */
    private static byte[] countedPayload(int n, int itemSize) {
        return new ByteWriter().writeVarInt(n).writeBytes(new byte[n * itemSize]).toByteArray();
    }

    @Test
    void knowsEveryBitcoinCommandTributarySpeaks() {
        for (String c : List.of("version", "verack", "ping", "pong", "getaddr", "addr", "sendheaders", "getheaders",
                "headers", "getblocks", "inv", "getdata", "notfound", "block", "tx")) {
            assertThat(CODEC.knows(c)).as(c).isTrue();
        }
        assertThat(CODEC.knows("sendcmpct")).isFalse();
    }

    @Test
    void unknownCommandIsANonFatalError() {
        WireError e = decodeError(decode("bogus", new byte[5]));
        assertThat(e.kind()).isEqualTo(WireError.Kind.UNKNOWN_COMMAND);
        assertThat(e.fatal()).isFalse();
        assertThat(e.command()).isEqualTo("bogus");
        assertThat(e.detail()).contains("5 bytes");
        assertThat(e.toString()).startsWith("unknown command (bogus): ");
    }

    /** Real payloads of messages Bitcoin Core sends during a handshake and that Tributary ignores. */
    @ParameterizedTest
    @CsvSource({
            "sendcmpct, 000200000000000000", // BIP 152: announce = false, version 2
            "feefilter, e803000000000000", // BIP 133: 1000 sat/kvB
            "wtxidrelay, ''", // BIP 339: empty
            "sendaddrv2, ''", // BIP 155: empty
    })
    void ignoredCommandsDecodeToIgnoredMessage(String command, String payloadHex) {
        byte[] payload = hex(payloadHex);
        Message m = decodedMessage(decode(command, payload));
        assertThat(m).isEqualTo(new IgnoredMessage(command, payload.length));
        assertThat(m.command()).isEqualTo(command);
    }

    @Test
    void truncatedPayloadsAreMalformed() {
        assertThat(malformed("ping", hex("01020304050607")).detail()).contains("truncated");
        // the frame says 100 bytes, but the headers message those bytes start needs 163
        byte[] headers = java.util.Arrays.copyOf(
                new HeadersMessage(WireFixtures.mainnetHeaders(2)).payload(), 100);
        assertThat(malformed("headers", headers).detail()).contains("truncated");
        assertThat(malformed("version", new byte[50]).detail()).contains("truncated");
        assertThat(malformed("block", java.util.Arrays.copyOf(WireFixtures.mainnetBlock(0), 284)).detail())
                .contains("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"verack", "getaddr", "sendheaders"})
    void emptyMessagesWithAPayloadAreMalformed(String command) {
        assertThat(malformed(command, new byte[1]).detail()).isEqualTo(command + " has 1 unexpected trailing bytes");
    }

    @Test
    void trailingBytesAreMalformed() {
        assertThat(malformed("ping", new byte[9]).detail()).contains("trailing");
        byte[] inv = new InvMessage(List.of(InventoryItem.tx(Hash.ZERO))).payload();
        assertThat(malformed("inv", java.util.Arrays.copyOf(inv, inv.length + 3)).detail())
                .isEqualTo("inv has 3 unexpected trailing bytes");
        byte[] block = WireFixtures.mainnetBlock(0);
        assertThat(malformed("block", java.util.Arrays.copyOf(block, block.length + 1)).detail()).contains("trailing");
    }

    /** Later protocol versions append fields to version; older decoders must skip them. */
    @Test
    void versionToleratesTrailingBytes() {
        VersionMessage v = new VersionMessage(70016, 1, 1, new NetworkAddress(0, InetAddress.getLoopbackAddress(), 1),
                new NetworkAddress(0, InetAddress.getLoopbackAddress(), 2), 3, "/x/", 4, false);
        byte[] payload = v.payload();
        byte[] longer = java.util.Arrays.copyOf(payload, payload.length + 7);
        assertThat(decodedMessage(decode("version", longer))).isEqualTo(v);
    }

    @Test
    void versionRelayIsTrueWhenAbsent() {
        VersionMessage v = new VersionMessage(70001, 0, 0, new NetworkAddress(0, InetAddress.getLoopbackAddress(), 1),
                new NetworkAddress(0, InetAddress.getLoopbackAddress(), 2), 3, "", 4, false);
        byte[] payload = v.payload();
        byte[] withoutRelay = java.util.Arrays.copyOf(payload, payload.length - 1);
        assertThat(((VersionMessage) decodedMessage(decode("version", withoutRelay))).relay()).isTrue();
        assertThat(((VersionMessage) decodedMessage(decode("version", payload))).relay()).isFalse();
    }

    @Test
    void versionUserAgentLimitIs256Bytes() {
        NetworkAddress any = new NetworkAddress(0, InetAddress.getLoopbackAddress(), 0);
        VersionMessage ok = new VersionMessage(70016, 0, 0, any, any, 0, "a".repeat(256), 0, true);
        assertThat(decodedMessage(decode("version", ok.payload()))).isEqualTo(ok);
        VersionMessage tooLong = new VersionMessage(70016, 0, 0, any, any, 0, "a".repeat(257), 0, true);
        assertThat(malformed("version", tooLong.payload()).detail()).contains("257").contains("256");
    }

    @Test
    void headersAtTheLimitDecode() {
        List<BlockHeader> headers = Collections.nCopies(2000, WireFixtures.mainnetHeaders(1).get(0));
        byte[] payload = new HeadersMessage(headers).payload();
        assertThat(payload).hasSize(3 + 2000 * 81);
        assertThat(((HeadersMessage) decodedMessage(decode("headers", payload))).headers()).hasSize(2000);
    }

    @Test
    void headersOverTheLimitAreMalformed() {
        assertThat(malformed("headers", countedPayload(2001, 81)).detail())
                .isEqualTo("headers count 2001 exceeds the limit of 2000");
    }

    @Test
    void headersWithATransactionCountAreMalformed() {
        byte[] payload = new HeadersMessage(WireFixtures.mainnetHeaders(2)).payload();
        payload[payload.length - 1] = 1;
        assertThat(malformed("headers", payload).detail()).isEqualTo("header 1 declares 1 transactions; headers carry none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inv", "getdata", "notfound"})
    void inventoryAtTheLimitDecodes(String command) {
        Message m = decodedMessage(decode(command, countedPayload(50_000, 36)));
        assertThat(m.command()).isEqualTo(command);
        assertThat(m.payload()).hasSize(3 + 50_000 * 36);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inv", "getdata", "notfound"})
    void inventoryOverTheLimitIsMalformed(String command) {
        assertThat(malformed(command, countedPayload(50_001, 36)).detail())
                .isEqualTo("inventory entries count 50001 exceeds the limit of 50000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"getheaders", "getblocks"})
    void locatorAtTheLimitDecodes(String command) {
        byte[] payload = new ByteWriter().writeInt32LE(70016).writeBytes(countedPayload(101, 32))
                .writeHash(Hash.ZERO).toByteArray();
        Message m = decodedMessage(decode(command, payload));
        assertThat(m.payload()).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"getheaders", "getblocks"})
    void locatorOverTheLimitIsMalformed(String command) {
        byte[] payload = new ByteWriter().writeInt32LE(70016).writeBytes(countedPayload(102, 32))
                .writeHash(Hash.ZERO).toByteArray();
        assertThat(malformed(command, payload).detail()).isEqualTo("locator hashes count 102 exceeds the limit of 101");
    }

    @Test
    void addrAtTheLimitDecodes() {
        byte[] payload = countedPayload(1000, 30);
        AddrMessage m = (AddrMessage) decodedMessage(decode("addr", payload));
        assertThat(m.addresses()).hasSize(1000);
        // all-zero IPv6 address is "::", not IPv4-mapped
        assertThat(m.payload()).isEqualTo(payload);
    }

    @Test
    void addrOverTheLimitIsMalformed() {
        assertThat(malformed("addr", countedPayload(1001, 30)).detail())
                .isEqualTo("addresses count 1001 exceeds the limit of 1000");
    }

    @Test
    void constructorsEnforceTheSameLimitsOnTheSendingSide() {
        Hash h = Hash.ZERO;
        assertThatThrownBy(() -> new HeadersMessage(Collections.nCopies(2001, WireFixtures.mainnetHeaders(1).get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2000");
        assertThatThrownBy(() -> new InvMessage(Collections.nCopies(50_001, InventoryItem.tx(h))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("50000");
        assertThatThrownBy(() -> new GetHeadersMessage(1, Collections.nCopies(102, h), h))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
        assertThatThrownBy(() -> new AddrMessage(Collections.nCopies(1001,
                new TimestampedAddress(0, new NetworkAddress(0, InetAddress.getLoopbackAddress(), 0)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
        assertThatThrownBy(() -> new NetworkAddress(0, InetAddress.getLoopbackAddress(), 65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Bitcoin's messages and one more command, registered by a test protocol. */
    private static MessageCodec bitcoinWith(String command, PayloadDecoder decoder) {
        return ChainMessages.register(BitcoinMessages.register(MessageCodec.builder()))
                .register("test protocol", command, decoder).build();
    }

    @Test
    void aRegisteredDecoderExtendsTheCodecWithoutChangingTheOriginal() {
        PayloadDecoder heads = in -> new SerializedMessage("heads", in.readBytes(in.remaining()));
        MessageCodec extended = bitcoinWith("heads", heads);
        assertThat(extended.knows("heads")).isTrue();
        assertThat(CODEC.knows("heads")).isFalse();
        assertThat(extended.knows("block")).isTrue();
        assertThat(extended.owner("heads")).isEqualTo("test protocol");
        Message m = decodedMessage(extended.decode("heads", hex("0102")));
        assertThat(m.command()).isEqualTo("heads");
        assertThat(m.payload()).containsExactly(1, 2);
        assertThat(decodeError(CODEC.decode("heads", hex("0102"))).kind()).isEqualTo(WireError.Kind.UNKNOWN_COMMAND);
    }

    @Test
    void registeringACommandAnotherProtocolOwnsFailsAtStartUpNamingBoth() {
        assertThatThrownBy(() -> bitcoinWith("block", in -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'block'").hasMessageContaining(ChainMessages.OWNER).hasMessageContaining("test protocol");
        assertThatThrownBy(() -> bitcoinWith("feefilter", in -> new PingMessage(in.readInt64LE())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'feefilter'").hasMessageContaining(BitcoinMessages.OWNER);
    }

    @Test
    void registerRejectsCommandsThatCannotBeFramed() {
        assertThatThrownBy(() -> bitcoinWith("much-too-long-name", in -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadOverItsCommandsLimitIsRefusedFromTheFrameHeaderBeforeAnyOfItIsBuffered() {
        assertThat(CODEC.maxPayload("ping")).isEqualTo(8);
        assertThat(CODEC.maxPayload("block")).isEqualTo(WireLimits.MAX_PROTOCOL_MESSAGE);
        byte[] frame = FrameCodec.encode(WireFixtures.MAINNET, "ping", new byte[9]);
        List<WireError> errors = new java.util.ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(WireFixtures.MAINNET, WireLimits.MAX_PAYLOAD, CODEC::maxPayload);
        decoder.feed(frame, 0, FrameCodec.HEADER_SIZE, new FrameDecoder.Sink() {
            @Override
            public void onFrame(String command, byte[] payload) {
                throw new AssertionError("an oversized ping must not be delivered");
            }

            @Override
            public void onError(WireError error) {
                errors.add(error);
            }
        });
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(WireError.Kind.OVERSIZED);
            assertThat(e.detail()).contains("9 bytes").contains("limit of 8 for ping");
        });
        assertThat(decoder.failed()).isTrue();
        assertThat(decoder.bufferedBytes()).as("only the header").isEqualTo(FrameCodec.HEADER_SIZE);
    }

    @Test
    void aDecoderBugBecomesAnErrorValueNotAnException() {
        MessageCodec buggy = bitcoinWith("buggy", in -> {
            throw new IllegalStateException("boom");
        });
        WireError e = decodeError(buggy.decode("buggy", new byte[0]));
        assertThat(e.kind()).isEqualTo(WireError.Kind.MALFORMED_PAYLOAD);
        assertThat(e.detail()).contains("undecodable").contains("boom");
    }

    @Test
    void aDecoderLeavingBytesUnreadFailsTheTrailingBytesCheck() {
        MessageCodec lazy = bitcoinWith("lazy", in -> EmptyMessages.Verack.INSTANCE);
        assertThat(decodeError(lazy.decode("lazy", new byte[2])).detail()).contains("trailing");
    }

    @Test
    void malformedDataExceptionCarriesNoStackTrace() {
        assertThat(new MalformedDataException("x").getStackTrace()).isEmpty();
    }
}
