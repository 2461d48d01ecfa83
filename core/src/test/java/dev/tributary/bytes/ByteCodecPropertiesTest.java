package dev.tributary.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Round trips of every integer width and of varints over the whole unsigned range, and robustness of the reader. */
class ByteCodecPropertiesTest {

    /** Values where the varint's width changes, and their neighbours; as unsigned 64-bit numbers. */
    static final long[] VARINT_BOUNDARIES = {0, 1, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0x100, 0xfffe, 0xffff, 0x10000,
            0x10001, 0xfffffffeL, 0xffffffffL, 0x1_0000_0000L, 0x1_0000_0001L, Long.MAX_VALUE, Long.MIN_VALUE, -2, -1};

    @Provide
    Arbitrary<Long> varIntValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(Arrays.stream(VARINT_BOUNDARIES).boxed().toList()),
                Arbitraries.longs().between(0, 0x1_0000_0100L),
                Arbitraries.longs());
    }

    @Property
    void uint8RoundTrips(@ForAll @IntRange(min = 0, max = 0xff) int v) {
        assertThat(new ByteReader(new ByteWriter().writeUInt8(v).toByteArray()).readUInt8()).isEqualTo(v);
    }

    @Property
    void uint16BigEndianRoundTrips(@ForAll @IntRange(min = 0, max = 0xffff) int v) {
        byte[] b = new ByteWriter().writeUInt16BE(v).toByteArray();
        assertThat(b).containsExactly((byte) (v >>> 8), (byte) v);
        assertThat(new ByteReader(b).readUInt16BE()).isEqualTo(v);
    }

    @Property
    void int32RoundTrips(@ForAll int v) {
        byte[] b = new ByteWriter().writeInt32LE(v).toByteArray();
        assertThat(b).hasSize(4);
        assertThat(b[0]).isEqualTo((byte) v);
        assertThat(new ByteReader(b).readInt32LE()).isEqualTo(v);
    }

    @Property
    void uint32RoundTrips(@ForAll @LongRange(min = 0, max = 0xffffffffL) long v) {
        assertThat(new ByteReader(new ByteWriter().writeUInt32LE(v).toByteArray()).readUInt32LE()).isEqualTo(v);
    }

    @Property
    void int64RoundTrips(@ForAll long v) {
        byte[] b = new ByteWriter().writeInt64LE(v).toByteArray();
        assertThat(b).hasSize(8);
        assertThat(b[7]).isEqualTo((byte) (v >>> 56));
        assertThat(new ByteReader(b).readInt64LE()).isEqualTo(v);
    }

    @Property(tries = 3000)
    void varIntRoundTripsOverTheWholeUnsignedRange(@ForAll("varIntValues") long v) {
        byte[] b = new ByteWriter().writeVarInt(v).toByteArray();
        int expectedSize = Long.compareUnsigned(v, 0xfd) < 0 ? 1
                : Long.compareUnsigned(v, 0xffff) <= 0 ? 3
                : Long.compareUnsigned(v, 0xffffffffL) <= 0 ? 5 : 9;
        assertThat(b).hasSize(expectedSize);
        assertThat(ByteWriter.varIntSize(v)).isEqualTo(expectedSize);
        ByteReader in = new ByteReader(b);
        assertThat(in.readVarInt()).isEqualTo(v);
        assertThat(in.remaining()).isZero();
    }

    /** Any bytes either read as a varint whose canonical encoding is exactly what was consumed, or fail cleanly. */
    @Property(tries = 3000)
    void anyBytesReadAsACanonicalVarIntOrFailCleanly(@ForAll @Size(max = 10) byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        long v;
        try {
            v = in.readVarInt();
        } catch (MalformedDataException e) {
            assertThat(e.getMessage()).containsAnyOf("truncated", "non-canonical");
            return;
        }
        byte[] canonical = new ByteWriter().writeVarInt(v).toByteArray();
        assertThat(Arrays.copyOf(bytes, in.position())).isEqualTo(canonical);
    }

    /** A mixed sequence of writes reads back in the same order. */
    @Property
    void mixedSequencesRoundTrip(@ForAll("fields") List<Object[]> fields) {
        ByteWriter w = new ByteWriter(1);
        for (Object[] f : fields) {
            switch ((Integer) f[0]) {
                case 0 -> w.writeUInt8((Integer) f[1]);
                case 1 -> w.writeInt32LE((Integer) f[1]);
                case 2 -> w.writeInt64LE((Long) f[1]);
                case 3 -> w.writeVarInt((Long) f[1]);
                default -> w.writeVarBytes((byte[]) f[1]);
            }
        }
        ByteReader in = new ByteReader(w.toByteArray());
        for (Object[] f : fields) {
            switch ((Integer) f[0]) {
                case 0 -> assertThat(in.readUInt8()).isEqualTo(f[1]);
                case 1 -> assertThat(in.readInt32LE()).isEqualTo(f[1]);
                case 2 -> assertThat(in.readInt64LE()).isEqualTo(f[1]);
                case 3 -> assertThat(in.readVarInt()).isEqualTo(f[1]);
                default -> assertThat(in.readVarBytes(Integer.MAX_VALUE)).isEqualTo(f[1]);
            }
        }
        in.requireFullyRead("sequence");
    }

    @Provide
    Arbitrary<List<Object[]>> fields() {
        Arbitrary<Object[]> field = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).map(v -> new Object[] {0, v}),
                Arbitraries.integers().map(v -> new Object[] {1, v}),
                Arbitraries.longs().map(v -> new Object[] {2, v}),
                varIntValues().map(v -> new Object[] {3, v}),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(v -> new Object[] {4, v}));
        return field.list().ofMaxSize(20);
    }

    /**
     * A count claiming any number of items, followed by a few bytes, is accepted only when it is within the limit
     * and the bytes can hold it; huge claims fail with a clear error instead of an allocation.
     */
    @Property(tries = 2000)
    void readCountNeverTrustsTheClaim(@ForAll("claims") long claimed, @ForAll @Size(max = 64) byte[] rest,
            @ForAll @IntRange(min = 1, max = 100) int minItemSize, @ForAll @IntRange(min = 0, max = 60_000) int max) {
        byte[] input = new ByteWriter().writeVarInt(claimed).writeBytes(rest).toByteArray();
        ByteReader in = new ByteReader(input);
        boolean fits = Long.compareUnsigned(claimed, max) <= 0 && claimed * minItemSize <= rest.length;
        if (fits) {
            assertThat(in.readCount(max, minItemSize, "items")).isEqualTo((int) claimed);
        } else {
            assertThatThrownBy(() -> in.readCount(max, minItemSize, "items"))
                    .isInstanceOf(MalformedDataException.class)
                    .hasMessageContaining("items");
        }
    }

    @Provide
    Arbitrary<Long> claims() {
        return Arbitraries.oneOf(varIntValues(), Arbitraries.longs().between(0, 70));
    }

    @Property
    void writerSizeIsTheSumOfWhatWasWritten(@ForAll @Size(max = 5) List<@Size(max = 2000) byte[]> chunks) {
        ByteWriter w = new ByteWriter(1);
        int total = 0;
        for (byte[] c : chunks) {
            w.writeBytes(c);
            total += c.length;
        }
        assertThat(w.size()).isEqualTo(total);
        assertThat(w.toByteArray()).hasSize(total);
    }
}
