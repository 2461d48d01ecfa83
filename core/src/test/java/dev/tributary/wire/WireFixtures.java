package dev.tributary.wire;

import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.chain.BlockHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bytes.ByteReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/** Shared helpers for the wire tests: real mainnet data, hex, and a sink that records what a decoder reports. */
public final class WireFixtures {
    /** Mainnet magic f9 be b4 d9, read as a little-endian int as the frame header holds it. */
    public static final int MAINNET = 0xd9b4bef9;
    /** Testnet3 magic 0b 11 09 07. */
    public static final int TESTNET = 0x0709110b;

    private static final HexFormat HEX = HexFormat.of();
    private static List<byte[]> blocks;

    private WireFixtures() {
    }

    /** Parses hex, ignoring spaces so that golden vectors can be laid out field by field. */
    public static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    public static byte[] resource(String name) {
        try (InputStream in = WireFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 439 raw mainnet blocks of heights 0..438, from blocks-0-438.dat ([magic][uint32 LE length][block]...). */
    public static synchronized List<byte[]> mainnetBlocks() {
        if (blocks == null) {
            byte[] data = resource("/mainnet/blocks-0-438.dat");
            ByteReader in = new ByteReader(data);
            List<byte[]> list = new ArrayList<>();
            while (in.remaining() > 0) {
                assertThat(in.readInt32LE()).isEqualTo(MAINNET);
                list.add(in.readBytes(in.readInt32LE()));
            }
            blocks = List.copyOf(list);
        }
        return blocks;
    }

    public static byte[] mainnetBlock(int height) {
        return mainnetBlocks().get(height).clone();
    }

    /** The first {@code n} real mainnet headers, from headers-0-10236.bin. */
    public static List<BlockHeader> mainnetHeaders(int n) {
        ByteReader in = new ByteReader(resource("/mainnet/headers-0-10236.bin"));
        List<BlockHeader> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(BlockHeader.read(in));
        }
        return list;
    }

    /** What a {@link FrameDecoder} reported, in order. */
    sealed interface Event {
    }

    record Frame(String command, byte[] payload) implements Event {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && command.equals(f.command) && Arrays.equals(payload, f.payload);
        }

        @Override
        public int hashCode() {
            return command.hashCode() * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Frame[" + command + ", " + payload.length + " bytes]";
        }
    }

    record Error(WireError error) implements Event {
    }

    /** A sink that records every event. */
    public static final class RecordingSink implements FrameDecoder.Sink {
        final List<Event> events = new ArrayList<>();

        @Override
        public void onFrame(String command, byte[] payload) {
            events.add(new Frame(command, payload));
        }

        @Override
        public void onError(WireError error) {
            events.add(new Error(error));
        }

        List<Frame> frames() {
            return events.stream().filter(Frame.class::isInstance).map(Frame.class::cast).toList();
        }

        List<WireError> errors() {
            return events.stream().filter(Error.class::isInstance).map(e -> ((Error) e).error()).toList();
        }
    }

    /** Feeds {@code stream} to a fresh mainnet decoder in one call. */
    public static RecordingSink decodeAll(byte[] stream) {
        RecordingSink sink = new RecordingSink();
        new FrameDecoder(MAINNET).feed(stream, 0, stream.length, sink);
        return sink;
    }

    /** Decodes exactly one frame into a message, failing the test on any error. */
    public static Message decodeFrame(byte[] frame) {
        RecordingSink sink = decodeAll(frame);
        assertThat(sink.events).hasSize(1);
        assertThat(sink.events.get(0)).isInstanceOf(Frame.class);
        Frame f = (Frame) sink.events.get(0);
        return decodedMessage(BitcoinMessages.codec().decode(f.command(), f.payload()));
    }

    public static Message decodedMessage(DecodeResult r) {
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) r).message();
    }

    public static WireError decodeError(DecodeResult r) {
        assertThat(r).isInstanceOf(DecodeResult.Failed.class);
        return ((DecodeResult.Failed) r).error();
    }

    /**
     * Bytes this thread allocates while {@code action} runs, or -1 when the JVM cannot tell. A count, not a time:
     * it lets a test assert that a decoder did not size a buffer by an attacker's claim.
     */
    public static <T> long allocatedBytesDuring(Supplier<T> action) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()
                || !sun.isThreadAllocatedMemoryEnabled()) {
            action.get();
            return -1;
        }
        long id = Thread.currentThread().getId();
        long before = sun.getThreadAllocatedBytes(id);
        action.get();
        return sun.getThreadAllocatedBytes(id) - before;
    }
}
