package dev.tributary.oplog.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class HexTest {
    @Property
    void decodesWhatItEncodes(@ForAll byte[] bytes) {
        assertThat(Hex.decode(Hex.encode(bytes))).isEqualTo(bytes);
    }

    @Property
    void acceptsExactlyEvenLowerCaseHex(@ForAll @StringLength(max = 12) @Chars({'0', '9', 'a', 'f', 'g', 'A', 'F', ' ', 'é'})
            String text) {
        boolean lowerHex = text.length() % 2 == 0 && text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
        assertThat(Hex.isLowerHex(text)).isEqualTo(lowerHex);
        if (lowerHex) {
            assertThat(Hex.decodeOrNull(text)).isEqualTo(HexFormat.of().parseHex(text));
        } else {
            assertThat(Hex.decodeOrNull(text)).isNull();
            assertThatThrownBy(() -> Hex.decode(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not lower-case hex");
        }
    }

    @Test
    void allSixteenDigitsDecode() {
        assertThat(Hex.decode("0123456789abcdef")).containsExactly(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);
    }
}
