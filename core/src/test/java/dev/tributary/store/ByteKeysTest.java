package dev.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ByteKeysTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String end(String prefixHex) {
        byte[] end = ByteKeys.prefixEnd(HEX.parseHex(prefixHex));
        return end == null ? null : HEX.formatHex(end);
    }

    @Test
    void prefixEndIncrementsTheLastByteThatCanBeIncremented() {
        assertThat(end("68")).isEqualTo("69");
        assertThat(end("7f")).isEqualTo("80");
        assertThat(end("01ff")).isEqualTo("02");
        assertThat(end("01feff")).isEqualTo("01ff");
        assertThat(end("00")).isEqualTo("01");
        assertThat(end("ff")).isNull();
        assertThat(end("ffff")).isNull();
        assertThat(end("")).isNull();
    }

    @Test
    void orderIsUnsigned() {
        assertThat(ByteKeys.ORDER.compare(HEX.parseHex("7f"), HEX.parseHex("80"))).isNegative();
        assertThat(ByteKeys.ORDER.compare(HEX.parseHex("ff"), HEX.parseHex("ff00"))).isNegative();
        assertThat(ByteKeys.ORDER.compare(HEX.parseHex(""), HEX.parseHex("00"))).isNegative();
        assertThat(ByteKeys.ORDER.compare(HEX.parseHex("0100"), HEX.parseHex("01"))).isPositive();
    }
}
