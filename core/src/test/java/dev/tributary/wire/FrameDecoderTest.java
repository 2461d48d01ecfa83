package dev.tributary.wire;

import dev.tributary.chain.message.GetHeadersMessage;
import dev.tributary.chain.message.HeadersMessage;
import dev.tributary.net.bitcoin.EmptyMessages;
import dev.tributary.net.bitcoin.NetworkAddress;
import dev.tributary.net.bitcoin.PingMessage;
import dev.tributary.net.bitcoin.VersionMessage;
import static dev.tributary.wire.WireFixtures.MAINNET;
import static dev.tributary.wire.WireFixtures.TESTNET;
import static dev.tributary.wire.WireFixtures.allocatedBytesDuring;
import static dev.tributary.wire.WireFixtures.concat;
import static dev.tributary.wire.WireFixtures.decodeAll;
import static dev.tributary.wire.WireFixtures.hex;
import static dev.tributary.wire.WireFixtures.mainnetBlock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.Hash;
import dev.tributary.wire.WireFixtures.Frame;
import dev.tributary.wire.WireFixtures.RecordingSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incremental frame splitter: any chunking, and each kind of bad frame. */
class FrameDecoderTest {
    private static final byte[] VERACK = hex("f9beb4d9 76657261636b000000000000 00000000 5df6e0e2");
    private static final byte[] PING = FrameCodec.encode(MAINNET, new PingMessage(42));

    /** A stream of several real frames: version, verack, a real block, headers, an empty-payload frame, ping. */
    private static byte[] sampleStream() {
        return concat(
                FrameCodec.encode(MAINNET, new VersionMessage(70016, 9, 1700000000L,
                        new NetworkAddress(0, java.net.InetAddress.getLoopbackAddress(), 8333),
                        new NetworkAddress(9, java.net.InetAddress.getLoopbackAddress(), 0), 7, "/tributary:0.1/", 0, false)),
                VERACK,
                FrameCodec.encode(MAINNET, "block", mainnetBlock(170)),
                FrameCodec.encode(MAINNET, new HeadersMessage(WireFixtures.mainnetHeaders(3))),
                FrameCodec.encode(MAINNET, EmptyMessages.SendHeaders.INSTANCE),
                PING);
    }

    private static List<Frame> expectedFrames() {
        RecordingSink all = decodeAll(sampleStream());
        assertThat(all.errors()).isEmpty();
        return all.frames();
    }

    @Test
    void aWholeStreamInOneCallYieldsEveryFrame() {
        List<Frame> frames = expectedFrames();
        assertThat(frames).extracting(Frame::command)
                .containsExactly("version", "verack", "block", "headers", "sendheaders", "ping");
        assertThat(frames.get(2).payload()).isEqualTo(mainnetBlock(170));
        assertThat(frames.get(1).payload()).isEmpty();
    }

    @Test
    void feedingOneByteAtATimeYieldsTheSameFrames() {
        byte[] stream = sampleStream();
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1, sink);
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(24 + mainnetBlock(170).length);
        }
        assertThat(sink.events).containsExactlyElementsOf(expectedFrames());
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(decoder.failed()).isFalse();
    }

    @Test
    void splittingTheStreamAtEveryPossibleBoundaryYieldsTheSameFrames() {
        byte[] stream = sampleStream();
        List<Frame> expected = expectedFrames();
        for (int cut = 0; cut <= stream.length; cut++) {
            FrameDecoder decoder = new FrameDecoder(MAINNET);
            RecordingSink sink = new RecordingSink();
            decoder.feed(stream, 0, cut, sink);
            decoder.feed(stream, cut, stream.length - cut, sink);
            assertThat(sink.events).as("cut at %d", cut).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void bufferedBytesCountsThePartialFrame() {
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        decoder.feed(PING, 0, 10, sink);
        assertThat(decoder.bufferedBytes()).isEqualTo(10);
        decoder.feed(PING, 10, 20, sink);
        assertThat(decoder.bufferedBytes()).isEqualTo(30);
        decoder.feed(PING, 30, 2, sink);
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(sink.frames()).hasSize(1);
    }

    @Test
    void anEmptyPayloadFrameIsReportedAsSoonAsItsHeaderIsComplete() {
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        decoder.feed(VERACK, 0, 23, sink);
        assertThat(sink.events).isEmpty();
        decoder.feed(VERACK, 23, 1, sink);
        assertThat(sink.events).containsExactly(new Frame("verack", new byte[0]));
    }

    @Test
    void aPayloadLargerThanTheInitialBufferArrivesIntact() {
        byte[] payload = new byte[200_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        byte[] frame = FrameCodec.encode(MAINNET, "tx", payload);
        for (int chunk : new int[] {1, 7, 4096, 65_536, 65_537, 199_999, frame.length}) {
            FrameDecoder decoder = new FrameDecoder(MAINNET);
            RecordingSink sink = new RecordingSink();
            for (int off = 0; off < frame.length; off += chunk) {
                decoder.feed(frame, off, Math.min(chunk, frame.length - off), sink);
            }
            assertThat(sink.events).as("chunks of %d", chunk).containsExactly(new Frame("tx", payload));
        }
    }

    @Test
    void feedHonoursOffsetAndLength() {
        byte[] padded = concat(hex("deadbeef"), VERACK, hex("cafe"));
        RecordingSink sink = new RecordingSink();
        new FrameDecoder(MAINNET).feed(padded, 4, VERACK.length, sink);
        assertThat(sink.events).containsExactly(new Frame("verack", new byte[0]));
    }

    @Test
    void badMagicIsFatalAndNothingFurtherIsReported() {
        byte[] testnetFrame = FrameCodec.encode(TESTNET, EmptyMessages.Verack.INSTANCE);
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        decoder.feed(PING, 0, PING.length, sink);
        decoder.feed(testnetFrame, 0, testnetFrame.length, sink);
        decoder.feed(PING, 0, PING.length, sink);
        decoder.feed(VERACK, 0, VERACK.length, sink);

        assertThat(sink.events).hasSize(2);
        assertThat(sink.frames()).extracting(Frame::command).containsExactly("ping");
        WireError e = sink.errors().get(0);
        assertThat(e.kind()).isEqualTo(WireError.Kind.BAD_MAGIC);
        assertThat(e.fatal()).isTrue();
        assertThat(e.detail()).contains("0b110907");
        assertThat(decoder.failed()).isTrue();
    }

    @Test
    void badMagicInTheSameChunkAsGoodFramesStopsAtTheBadOne() {
        byte[] stream = concat(VERACK, FrameCodec.encode(TESTNET, new PingMessage(1)), PING, PING);
        RecordingSink sink = decodeAll(stream);
        assertThat(sink.events).hasSize(2);
        assertThat(sink.events.get(0)).isEqualTo(new Frame("verack", new byte[0]));
        assertThat(sink.errors()).extracting(WireError::kind).containsExactly(WireError.Kind.BAD_MAGIC);
    }

    /** A header claiming one byte over 32 MiB: fatal before anything is read or allocated for it. */
    @Test
    void declaredLengthOverTheLimitIsFatalAndAllocatesNothing() {
        byte[] header = hex("f9beb4d9 626c6f636b00000000000000 01000002 00000000"); // length 0x02000001
        byte[] stream = concat(header, new byte[10], VERACK);
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        long allocated = allocatedBytesDuring(() -> {
            decoder.feed(stream, 0, stream.length, sink);
            return null;
        });
        assertThat(sink.events).hasSize(1);
        WireError e = sink.errors().get(0);
        assertThat(e.kind()).isEqualTo(WireError.Kind.OVERSIZED);
        assertThat(e.fatal()).isTrue();
        assertThat(e.command()).isEqualTo("block");
        assertThat(e.detail()).contains("33554433").contains(String.valueOf(WireLimits.MAX_PAYLOAD));
        assertThat(decoder.failed()).isTrue();
        assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(FrameCodec.HEADER_SIZE + 10);
        if (allocated >= 0) {
            assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
        }
    }

    @Test
    void declaredLengthsWithTheTopBitSetAreOversizedNotNegative() {
        // 2^32 - 1; 2^31, negative if read as a signed int; 1001, one over this decoder's limit
        for (String length : List.of("ffffffff", "00000080", "e9030000")) {
            byte[] header = hex("f9beb4d9 747800000000000000000000 " + length + " 00000000");
            RecordingSink sink = new RecordingSink();
            FrameDecoder decoder = new FrameDecoder(MAINNET, 1000);
            decoder.feed(header, 0, header.length, sink);
            assertThat(sink.errors()).as("length %s", length).extracting(WireError::kind)
                    .containsExactly(WireError.Kind.OVERSIZED);
        }
    }

    @Test
    void aSmallerConfiguredLimitIsEnforced() {
        byte[] frame = FrameCodec.encode(MAINNET, "tx", new byte[1001]);
        RecordingSink sink = new RecordingSink();
        FrameDecoder decoder = new FrameDecoder(MAINNET, 1000);
        decoder.feed(frame, 0, frame.length, sink);
        assertThat(sink.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(WireError.Kind.OVERSIZED);
            assertThat(e.detail()).contains("1001").contains("1000");
        });
        RecordingSink ok = new RecordingSink();
        byte[] atLimit = FrameCodec.encode(MAINNET, "tx", new byte[1000]);
        new FrameDecoder(MAINNET, 1000).feed(atLimit, 0, atLimit.length, ok);
        assertThat(ok.frames()).hasSize(1);
    }

    /**
     * A header claiming exactly 32 MiB is allowed, but the decoder must not reserve 32 MiB for it: memory follows
     * what the peer actually sent. After the header and 10 payload bytes, 34 bytes are buffered.
     */
    @Test
    void aHugeDeclaredLengthDoesNotAllocateTheDeclaredSize() {
        byte[] header = hex("f9beb4d9 626c6f636b00000000000000 00000002 00000000"); // length 0x02000000 = 32 MiB
        byte[] stream = concat(header, new byte[10]);
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        long allocated = allocatedBytesDuring(() -> {
            decoder.feed(stream, 0, stream.length, sink);
            return null;
        });
        assertThat(sink.events).isEmpty();
        assertThat(decoder.failed()).isFalse();
        assertThat(decoder.bufferedBytes()).isEqualTo(34);
        if (allocated >= 0) {
            assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
        }
    }

    @Test
    void badChecksumSkipsOneFrameAndTheNextIsDecoded() {
        byte[] corrupt = PING.clone();
        corrupt[20] ^= 1; // first checksum byte
        RecordingSink sink = decodeAll(concat(corrupt, VERACK));
        assertThat(sink.events).hasSize(2);
        WireError e = sink.errors().get(0);
        assertThat(e.kind()).isEqualTo(WireError.Kind.BAD_CHECKSUM);
        assertThat(e.fatal()).isFalse();
        assertThat(e.command()).isEqualTo("ping");
        assertThat(e.detail()).contains(hex(Arrays.copyOfRange(corrupt, 20, 24)))
                .contains(hex(Arrays.copyOfRange(PING, 20, 24)));
        assertThat(sink.events.get(1)).isEqualTo(new Frame("verack", new byte[0]));
    }

    @Test
    void aCorruptPayloadIsCaughtByTheChecksum() {
        byte[] frame = FrameCodec.encode(MAINNET, "block", mainnetBlock(0));
        frame[24 + 100] ^= (byte) 0x80;
        assertThat(decodeAll(frame).errors()).extracting(WireError::kind)
                .containsExactly(WireError.Kind.BAD_CHECKSUM);
    }

    @Test
    void badCommandFieldsSkipOneFrameAndTheNextIsDecoded() {
        List<String> badCommands = List.of(
                "7665720061636b0000000000", // "ver\0ack": a non-NUL byte after a NUL
                "76e97261636b000000000000", // "v\u00e9rack": not ASCII
                "000000000000000000000000", // empty
                "7665720a6b00000000000000"); // a control character
        for (String command : badCommands) {
            byte[] frame = concat(hex("f9beb4d9"), hex(command), hex("08000000 33bc15e5 efcdab8967452301"));
            RecordingSink sink = decodeAll(concat(frame, PING));
            assertThat(sink.events).as(command).hasSize(2);
            WireError e = sink.errors().get(0);
            assertThat(e.kind()).isEqualTo(WireError.Kind.BAD_COMMAND);
            assertThat(e.fatal()).isFalse();
            assertThat(e.command()).isEmpty();
            assertThat(e.detail()).contains(command);
            assertThat(sink.frames()).extracting(Frame::command).containsExactly("ping");
        }
    }

    @Test
    void aFrameIsDeliveredWithItsOwnPayloadArray() {
        byte[] stream = concat(PING, PING);
        RecordingSink sink = decodeAll(stream);
        assertThat(sink.frames()).hasSize(2);
        assertThat(sink.frames().get(0).payload()).isNotSameAs(sink.frames().get(1).payload());
        sink.frames().get(0).payload()[0] = 99;
        assertThat(sink.frames().get(1).payload()[0]).isEqualTo((byte) 42);
    }

    @Test
    void manyFramesFromOneGetheadersLoop() {
        // a realistic burst: 50 getheaders in a row, fed in 1,000-byte chunks
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            frames.add(FrameCodec.encode(MAINNET,
                    new GetHeadersMessage(70016, List.of(Hash.ZERO), Hash.ZERO)));
        }
        byte[] stream = concat(frames.toArray(byte[][]::new));
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        for (int off = 0; off < stream.length; off += 1000) {
            decoder.feed(stream, off, Math.min(1000, stream.length - off), sink);
        }
        assertThat(sink.frames()).hasSize(50);
        assertThat(sink.errors()).isEmpty();
    }
}
