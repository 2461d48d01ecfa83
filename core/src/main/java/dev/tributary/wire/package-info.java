/**
 * Framing and the codec registry, protocol-neutral: a {@link dev.tributary.wire.FrameFormat} cuts a byte stream
 * into frames of (command, payload) ({@link dev.tributary.wire.BitcoinFraming} is Bitcoin's 24-byte header), a
 * {@link dev.tributary.wire.MessageCodec} maps each command to the decoder its protocol registered, and a
 * {@link dev.tributary.wire.WireFormat} is the two together: what one connection speaks. Decoders never throw
 * on untrusted input: errors are {@link dev.tributary.wire.WireError} values. Each protocol's messages live with
 * that protocol ({@code chain.message}, {@code dag.message}, {@code net.bitcoin}).
 *
 * <p>Depends only on {@code dev.tributary.bytes}.
 */
package dev.tributary.wire;
