package dev.tributary.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.net.bitcoin.BitcoinMessages;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireLimits;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What a reader takes in before the handshake completed: a few small frames at once; at a large one, or one
 * more, it waits until the handshake completes or the connection closes. The limits are the codec's.
 */
class HandshakeGateTest {
    private static final MessageCodec CODEC = BitcoinMessages.codec();

    @Test
    void smallFramesBeforeTheHandshakePassAndTheLimitsAreTheCodecs() {
        HandshakeGate gate = new HandshakeGate(CODEC::maxPayload);
        assertThat(gate.applyAsInt("block")).isEqualTo(CODEC.maxPayload("block"));
        gate.beforePayload("version", 120);
        gate.beforePayload("verack", 0);
        assertThat(gate.isEstablished()).isFalse();
        assertThat(gate.framesBeforeHandshake()).isEqualTo(2);
    }

    @Test
    void aLargeFrameBeforeTheHandshakeWaitsForIt() throws Exception {
        HandshakeGate gate = new HandshakeGate(CODEC::maxPayload);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(
                () -> gate.beforePayload("headers", WireLimits.MAX_HANDSHAKE_MESSAGE + 1L));
        assertWaits(reading);
        gate.establish();
        reading.get(5, TimeUnit.SECONDS);
        gate.beforePayload("block", WireLimits.MAX_PROTOCOL_MESSAGE); // established: no wait
    }

    @Test
    void manySmallFramesBeforeTheHandshakeWaitTooUntilTheConnectionCloses() throws Exception {
        HandshakeGate gate = new HandshakeGate(CODEC::maxPayload);
        for (int i = 0; i < HandshakeGate.MAX_FRAMES; i++) {
            gate.beforePayload("ping", 8);
        }
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> gate.beforePayload("ping", 8));
        assertWaits(reading);
        gate.establish(); // what closing the connection does too
        reading.get(5, TimeUnit.SECONDS);
    }

    private static void assertWaits(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("did not wait");
        } catch (TimeoutException expected) {
            // waiting, as it should
        }
    }
}
