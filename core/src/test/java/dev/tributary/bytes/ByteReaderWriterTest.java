package dev.tributary.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden encodings of Bitcoin's integers and compact-size varints, and the reader's bounds checks. */
class ByteReaderWriterTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static ByteReader reader(String s) {
        return new ByteReader(hex(s));
    }

    @Test
    void integersAreLittleEndianExceptThePort() {
        byte[] out = new ByteWriter(1)
                .writeUInt8(0xab)
                .writeBoolean(true)
                .writeUInt16BE(8333) // a port: the one big-endian field of the protocol
                .writeInt32LE(0x01020304)
                .writeUInt32LE(0xfffffffeL)
                .writeInt64LE(0x0102030405060708L)
                .toByteArray();
        assertThat(HEX.formatHex(out)).isEqualTo("ab01" + "208d" + "04030201" + "feffffff" + "0807060504030201");

        ByteReader in = new ByteReader(out);
        assertThat(in.readUInt8()).isEqualTo(0xab);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readUInt16BE()).isEqualTo(8333);
        assertThat(in.readInt32LE()).isEqualTo(0x01020304);
        assertThat(in.readUInt32LE()).isEqualTo(0xfffffffeL);
        assertThat(in.readInt64LE()).isEqualTo(0x0102030405060708L);
        assertThat(in.remaining()).isZero();
        in.requireFullyRead("test");
    }

    @Test
    void unsignedReadsNeverComeBackNegative() {
        ByteReader in = reader("ff ffffffff ffffffff");
        assertThat(in.readUInt8()).isEqualTo(255);
        assertThat(in.readUInt32LE()).isEqualTo(4_294_967_295L);
        assertThat(in.readInt32LE()).isEqualTo(-1);
    }

    /** The boundaries of the compact-size encoding, from Bitcoin Core's serialize.h WriteCompactSize. */
    @ParameterizedTest
    @CsvSource({
            "0, 00",
            "1, 01",
            "252, fc",
            "253, fdfd00",
            "65535, fdffff",
            "65536, fe00000100",
            "4294967295, feffffffff",
            "4294967296, ff0000000001000000",
            "9223372036854775807, ffffffffffffffff7f",
            // 2^64 - 1 as an unsigned long, written as the Java long -1
            "-1, ffffffffffffffffff",
    })
    void varIntGoldenEncodings(long value, String encoded) {
        byte[] out = new ByteWriter().writeVarInt(value).toByteArray();
        assertThat(HEX.formatHex(out)).isEqualTo(encoded);
        assertThat(ByteWriter.varIntSize(value)).isEqualTo(out.length);
        ByteReader in = reader(encoded);
        assertThat(in.readVarInt()).isEqualTo(value);
        assertThat(in.remaining()).isZero();
    }

    /** A value written in a longer form than needed; Bitcoin Core rejects these ("non-canonical ReadCompactSize()"). */
    @ParameterizedTest
    @ValueSource(strings = {
            "fd0000", "fdfc00", // fit in one byte
            "fe00000000", "fefdff0000", "feffff0000", // fit in three bytes
            "ff0000000000000000", "ffffffffff00000000", // fit in five bytes
    })
    void nonCanonicalVarIntsAreRejected(String encoded) {
        assertThatThrownBy(() -> reader(encoded).readVarInt())
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("non-canonical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fd", "fdff", "fe", "feffffff", "ff", "ff00000000010000"})
    void truncatedVarIntsAreRejected(String encoded) {
        assertThatThrownBy(() -> reader(encoded).readVarInt())
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void everyFixedWidthReadChecksWhatRemains() {
        assertThatThrownBy(() -> reader("").readUInt8()).isInstanceOf(MalformedDataException.class);
        assertThatThrownBy(() -> reader("01").readUInt16BE()).isInstanceOf(MalformedDataException.class);
        assertThatThrownBy(() -> reader("010203").readInt32LE())
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("truncated: int32 needs 4 bytes, 3 left");
        assertThatThrownBy(() -> reader("01020304050607").readInt64LE()).isInstanceOf(MalformedDataException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[31]).readHash()).isInstanceOf(MalformedDataException.class);
        assertThatThrownBy(() -> reader("0102").skip(3)).isInstanceOf(MalformedDataException.class);
        assertThatThrownBy(() -> reader("0102").readBytes(-1)).isInstanceOf(MalformedDataException.class);
    }

    @Test
    void aFailedFixedWidthReadConsumesNothing() {
        ByteReader in = reader("010203");
        assertThatThrownBy(in::readInt32LE).isInstanceOf(MalformedDataException.class);
        assertThat(in.position()).isZero();
        assertThat(in.remaining()).isEqualTo(3);
    }

    @Test
    void readCountAcceptsUpToTheLimitWhenTheBytesAreThere() {
        // 3 items of at least 2 bytes each, and exactly 6 bytes follow
        ByteReader in = reader("03 010203040506");
        assertThat(in.readCount(3, 2, "items")).isEqualTo(3);
        assertThat(in.position()).isEqualTo(1);
    }

    @Test
    void readCountRejectsCountsOverTheLimit() {
        assertThatThrownBy(() -> reader("04 0102030405060708").readCount(3, 1, "items"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("items count 4 exceeds the limit of 3");
    }

    @Test
    void readCountRejectsCountsTheRemainingBytesCannotHold() {
        assertThatThrownBy(() -> reader("03 0102030405").readCount(100, 2, "items"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("truncated: 3 items need at least 6 bytes, 5 left");
    }

    @Test
    void readCountOfTwoToTheSixtySecondFailsWithoutAllocating() {
        // 2^62 items: if anything were sized by this count, the JVM would throw OutOfMemoryError.
        assertThatThrownBy(() -> reader("ff 0000000000000040 00").readCount(Integer.MAX_VALUE, 1, "items"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("items count 4611686018427387904 exceeds the limit of 2147483647");
    }

    @Test
    void readCountOfTwoToTheSixtyFourMinusOneIsReportedUnsigned() {
        assertThatThrownBy(() -> reader("ff ffffffffffffffff").readCount(1000, 1, "items"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("items count 18446744073709551615 exceeds the limit of 1000");
    }

    @Test
    void readCountNearIntMaxTimesItemSizeDoesNotOverflow() {
        // 0x7fffffff items of 81 bytes would overflow an int product; the check must still fail.
        assertThatThrownBy(() -> reader("feffffff7f 00").readCount(Integer.MAX_VALUE, 81, "headers"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void varBytesAndStrings() {
        byte[] ua = "/Satoshi:0.9.3/".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new ByteWriter().writeVarString("/Satoshi:0.9.3/").writeVarBytes(new byte[0])
                .writeVarString("é").toByteArray();
        // 0f "/Satoshi:0.9.3/" (the developer reference's version example) | 00 | 02 c3a9
        assertThat(HEX.formatHex(out)).isEqualTo("0f" + HEX.formatHex(ua) + "00" + "02c3a9");
        ByteReader in = new ByteReader(out);
        assertThat(in.readVarString(256)).isEqualTo("/Satoshi:0.9.3/");
        assertThat(in.readVarBytes(0)).isEmpty();
        assertThat(in.readVarString(2)).isEqualTo("é");
    }

    @Test
    void varBytesOverTheirMaximumOrOverWhatRemainsAreRejected() {
        assertThatThrownBy(() -> reader("05 0102030405").readVarBytes(4))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("byte string of 5 bytes exceeds 4");
        assertThatThrownBy(() -> reader("05 01020304").readVarBytes(100))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> reader("ff ffffffffffffffff").readVarBytes(Integer.MAX_VALUE))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("18446744073709551615");
    }

    @Test
    void requireFullyReadNamesTheTrailingBytes() {
        ByteReader in = reader("0102");
        in.readUInt8();
        assertThatThrownBy(() -> in.requireFullyRead("ping"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("ping has 1 unexpected trailing bytes");
    }

    @Test
    void aSliceReadsOnlyItsOwnBytes() {
        byte[] data = hex("aa 01020304 bb");
        ByteReader in = new ByteReader(data, 1, 4);
        assertThat(in.position()).isEqualTo(1);
        assertThat(in.remaining()).isEqualTo(4);
        assertThat(in.array()).isSameAs(data);
        assertThat(in.readInt32LE()).isEqualTo(0x04030201);
        assertThatThrownBy(in::readUInt8).isInstanceOf(MalformedDataException.class);
    }

    @Test
    void aSliceOutsideTheArrayIsRejected() {
        assertThatThrownBy(() -> new ByteReader(new byte[4], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[4], 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /**
     * Regression: {@code offset + length} overflowed for a length near {@link Integer#MAX_VALUE}, so the bounds
     * check passed and the reader was built with a negative end (and a negative {@code remaining()}).
     */
    @Test
    void sliceBoundsCheckOverflow_isRejected() {
        assertThatThrownBy(() -> new ByteReader(new byte[8], 4, Integer.MAX_VALUE))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[8], Integer.MAX_VALUE, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writerGrowsFromAnyInitialCapacity() {
        ByteWriter w = new ByteWriter(0);
        for (int i = 0; i < 1000; i++) {
            w.writeUInt8(i);
        }
        w.writeBytes(hex("00112233445566"), 2, 3);
        byte[] out = w.toByteArray();
        assertThat(w.size()).isEqualTo(1003);
        assertThat(out).hasSize(1003);
        assertThat(out[999]).isEqualTo((byte) 999);
        assertThat(HEX.formatHex(out, 1000, 1003)).isEqualTo("223344");
    }

    @Test
    void writeUInt32KeepsOnlyTheLow32Bits() {
        assertThat(HEX.formatHex(new ByteWriter().writeUInt32LE(0x1_0000_0001L).toByteArray())).isEqualTo("01000000");
    }

    @Test
    void hashesAreWrittenAndReadInInternalOrder() {
        Hash h = Hash.fromInternalHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] out = new ByteWriter().writeHash(h).toByteArray();
        assertThat(HEX.formatHex(out)).isEqualTo(h.toInternalHex());
        assertThat(new ByteReader(out).readHash()).isEqualTo(h);
    }

    @Test
    void bytesTakenFromAFullWriterDoNotChangeWithLaterWrites() {
        ByteWriter w = new ByteWriter(16);
        w.writeBytes(new byte[16]);
        byte[] first = w.toByteArray();
        assertThat(first).hasSize(16).containsOnly(0);
        w.writeUInt8(0xff);
        w.writeBytes(new byte[] {1, 2, 3});
        assertThat(first).hasSize(16).containsOnly(0);
        assertThat(w.toByteArray()).hasSize(20).endsWith((byte) 0xff, (byte) 1, (byte) 2, (byte) 3);
    }

    @Test
    void bytesTakenFromAPartlyFilledWriterAreExactlyThoseWritten() {
        ByteWriter w = new ByteWriter(64);
        w.writeInt32LE(0x04030201);
        assertThat(w.toByteArray()).containsExactly(1, 2, 3, 4);
    }
}
