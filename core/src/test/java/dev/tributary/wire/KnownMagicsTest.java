package dev.tributary.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a wrong magic is said to be: another known network's, text (an HTTP server's answer), or nothing known. */
class KnownMagicsTest {
    @Test
    void aKnownNetworkIsNamed() {
        assertThat(KnownMagics.owner(0xdab5bffa)).isEqualTo(" (regtest's)");
    }

    @Test
    void textIsSaidToBeTextAndAnHttpServerIsGuessed() {
        assertThat(KnownMagics.owner("HTTP".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(" (\"HTTP\": text, not a node of this kind; an HTTP server?)");
        assertThat(KnownMagics.owner("<!DO".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(" (\"<!DO\": text, not a node of this kind; an HTTP server?)");
        assertThat(KnownMagics.owner("SSH-".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(" (\"SSH-\": text, not a node of this kind)");
    }

    @Test
    void otherBytesSayNothingMore() {
        assertThat(KnownMagics.owner(new byte[] {1, 2, 3, 4})).isEmpty();
    }

    @Test
    void aWireErrorReadsInWords() {
        assertThat(new WireError(WireError.Kind.BAD_CHECKSUM, "headers", "checksum 00000000, payload's 5df6e0e2"))
                .hasToString("checksum mismatch (headers): checksum 00000000, payload's 5df6e0e2");
    }
}
