package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireLimits;
import org.junit.jupiter.api.Test;

/** What a reader accepts before the peer's verack: a few small frames; after it, each command's own limit. */
class HandshakeGateTest {
    private static final MessageCodec CODEC = BitcoinMessages.codec();

    @Test
    void beforeTheVerackOnlySmallFramesAfterItTheCodecsLimits() {
        HandshakeGate gate = new HandshakeGate(CODEC, "verack");
        assertThat(gate.applyAsInt("block")).isEqualTo(WireLimits.MAX_HANDSHAKE_MESSAGE);
        assertThat(gate.applyAsInt("verack")).isEqualTo(CODEC.maxPayload("verack"));
        assertThat(gate.context()).isEqualTo("before the handshake");
        assertThat(gate.onFrame("version")).isNull();
        assertThat(gate.onFrame("wtxidrelay")).isNull();
        assertThat(gate.onFrame("verack")).isNull();
        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.applyAsInt("block")).isEqualTo(WireLimits.MAX_PROTOCOL_MESSAGE);
        assertThat(gate.context()).isEmpty();
        for (int i = 0; i < 100; i++) {
            assertThat(gate.onFrame("ping")).isNull();
        }
    }

    @Test
    void tooManyFramesBeforeTheVerackCloseTheConnection() {
        HandshakeGate gate = new HandshakeGate(CODEC, "verack");
        String reason = null;
        int frames = 0;
        while (reason == null) {
            reason = gate.onFrame("ping");
            frames++;
        }
        assertThat(frames).isEqualTo(HandshakeGate.MAX_FRAMES);
        assertThat(reason).isEqualTo("sent 16 messages without completing the handshake");
    }
}
