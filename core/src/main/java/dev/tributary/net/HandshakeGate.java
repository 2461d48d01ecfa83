package dev.tributary.net;

import dev.tributary.wire.PayloadLimits;
import dev.tributary.wire.WireLimits;
import java.util.concurrent.CountDownLatch;
import java.util.function.ToIntFunction;

/**
 * How much a connection's reader takes in before the peer's handshake completed: frames of at most
 * {@link WireLimits#MAX_HANDSHAKE_MESSAGE} bytes, at most {@link #MAX_FRAMES} of them. At a larger frame, or one
 * more, the reader waits (reading nothing, buffering nothing; TCP pushes back) until the peer manager reports the
 * handshake done ({@link #establish}) or the connection closes, which the handshake deadline sees to. An honest
 * peer's handshake is a few small messages; a large message it sends right after its side of the handshake only
 * waits until the engine has taken the handshake in (the reader runs ahead of the engine). Protocol-neutral: the
 * gate knows no command.
 *
 * <p>The frame limits after the handshake are the codec's ({@code limits}). {@link #beforePayload} runs on the
 * connection's reader thread; {@link #establish} on any.
 */
final class HandshakeGate implements PayloadLimits {
    /** Frames read before the handshake completed without waiting for it. */
    static final int MAX_FRAMES = 16;

    private final ToIntFunction<String> limits;
    private final CountDownLatch established = new CountDownLatch(1);
    private int frames;

    HandshakeGate(ToIntFunction<String> limits) {
        this.limits = limits;
    }

    @Override
    public int applyAsInt(String command) {
        return limits.applyAsInt(command);
    }

    @Override
    public void beforePayload(String command, long declared) {
        if (isEstablished()) {
            return;
        }
        frames++;
        if (declared > WireLimits.MAX_HANDSHAKE_MESSAGE || frames > MAX_FRAMES) {
            try {
                established.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The handshake completed, or the connection closed: the reader goes on (or ends). Any thread. */
    void establish() {
        established.countDown();
    }

    boolean isEstablished() {
        return established.getCount() == 0;
    }

    /** Frames read before the handshake so far. Reader thread. */
    int framesBeforeHandshake() {
        return frames;
    }
}
