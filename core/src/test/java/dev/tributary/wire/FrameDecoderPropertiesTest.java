package dev.tributary.wire;

import dev.tributary.net.bitcoin.BitcoinMessages;
import static dev.tributary.wire.WireFixtures.MAINNET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.wire.WireFixtures.Event;
import dev.tributary.wire.WireFixtures.Frame;
import dev.tributary.wire.WireFixtures.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The frame decoder against a model: whatever the chunking, and with skippable bad frames mixed in. */
class FrameDecoderPropertiesTest {

    @Provide
    Arbitrary<List<Message>> messageLists() {
        return WireArbitraries.message().list().ofMinSize(1).ofMaxSize(6);
    }

    /** Chunk sizes, cycled over the stream: single bytes, header-sized pieces, and runs across frame boundaries. */
    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 30), Arbitraries.integers().between(1, 2000))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    private static RecordingSink feedInChunks(byte[] stream, List<Integer> chunks) {
        FrameDecoder decoder = new FrameDecoder(MAINNET);
        RecordingSink sink = new RecordingSink();
        int off = 0;
        for (int i = 0; off < stream.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), stream.length - off);
            decoder.feed(stream, off, n, sink);
            off += n;
        }
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(decoder.failed()).isFalse();
        return sink;
    }

    @Property(tries = 500)
    void framesSplitAtRandomBoundariesYieldTheSameMessages(@ForAll("messageLists") List<Message> messages,
            @ForAll("chunkSizes") List<Integer> chunks) {
        List<byte[]> frames = messages.stream().map(m -> FrameCodec.encode(MAINNET, m)).toList();
        RecordingSink sink = feedInChunks(WireFixtures.concat(frames.toArray(byte[][]::new)), chunks);

        assertThat(sink.events).containsExactlyElementsOf(
                messages.stream().map(m -> (Event) new Frame(m.command(), m.payload())).toList());
        for (int i = 0; i < messages.size(); i++) {
            Frame f = sink.frames().get(i);
            assertThat(WireFixtures.decodedMessage(BitcoinMessages.codec().decode(f.command(), f.payload())))
                    .isEqualTo(messages.get(i));
        }
    }

    /** How a frame is damaged before it is sent. */
    enum Damage {
        NONE, CHECKSUM, COMMAND, UNKNOWN_COMMAND
    }

    @Provide
    Arbitrary<List<Damage>> damages() {
        return Arbitraries.of(Damage.class).list().ofMinSize(6).ofMaxSize(6);
    }

    /**
     * Non-fatal errors skip exactly one frame: a frame with a bad checksum or a bad command field is reported as
     * that error, in its place in the stream, and every other frame still arrives intact.
     */
    @Property(tries = 500)
    void skippableBadFramesDoNotDisturbTheirNeighbours(@ForAll("messageLists") List<Message> messages,
            @ForAll("damages") List<Damage> damages, @ForAll("chunkSizes") List<Integer> chunks) {
        List<byte[]> frames = new ArrayList<>();
        List<WireError.Kind> expected = new ArrayList<>(); // null: the message itself
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            switch (damages.get(i)) {
                case NONE -> {
                    frames.add(FrameCodec.encode(MAINNET, m));
                    expected.add(null);
                }
                case CHECKSUM -> {
                    byte[] f = FrameCodec.encode(MAINNET, m);
                    f[21] ^= 0x40;
                    frames.add(f);
                    expected.add(WireError.Kind.BAD_CHECKSUM);
                }
                case COMMAND -> {
                    byte[] f = FrameCodec.encode(MAINNET, m);
                    f[4] = (byte) 0x7f; // DEL: not printable
                    frames.add(f);
                    expected.add(WireError.Kind.BAD_COMMAND);
                }
                case UNKNOWN_COMMAND -> {
                    frames.add(FrameCodec.encode(MAINNET, "x" + m.command(), m.payload()));
                    expected.add(WireError.Kind.UNKNOWN_COMMAND);
                }
            }
        }
        RecordingSink sink = feedInChunks(WireFixtures.concat(frames.toArray(byte[][]::new)), chunks);

        assertThat(sink.events).hasSameSizeAs(messages);
        for (int i = 0; i < messages.size(); i++) {
            Event e = sink.events.get(i);
            WireError.Kind kind = expected.get(i);
            if (kind == null || kind == WireError.Kind.UNKNOWN_COMMAND) {
                assertThat(e).isInstanceOf(Frame.class);
                Frame f = (Frame) e;
                DecodeResult r = BitcoinMessages.codec().decode(f.command(), f.payload());
                if (kind == null) {
                    assertThat(WireFixtures.decodedMessage(r)).isEqualTo(messages.get(i));
                } else {
                    assertThat(WireFixtures.decodeError(r).kind()).isEqualTo(WireError.Kind.UNKNOWN_COMMAND);
                }
            } else {
                assertThat(e).isInstanceOf(WireFixtures.Error.class);
                WireError error = ((WireFixtures.Error) e).error();
                assertThat(error.kind()).isEqualTo(kind);
                assertThat(error.fatal()).isFalse();
            }
        }
    }
}
