package dev.tributary.wire;

import dev.tributary.bytes.ByteWriter;

/**
 * A message of Bitcoin's peer-to-peer protocol (or of a protocol built on its framing). Each message
 * type is an immutable record that knows its command name and writes its payload; reading is done by a
 * {@link PayloadDecoder} registered under the same command in a {@link MessageCodec}.
 *
 * <p>This interface is deliberately not sealed: later parts of Tributary (inventory sync on a
 * BlockDAG, operation-log heads exchange) add their own messages and register their decoders without
 * touching this package.
 */
public interface Message {
    /** The command name, at most 12 ASCII characters, as it appears in the frame header. */
    String command();

    /** Writes the payload (the frame body, without the 24-byte frame header). */
    void write(ByteWriter out);

    /** The serialized payload. */
    default byte[] payload() {
        ByteWriter w = new ByteWriter(payloadSizeHint());
        write(w);
        return w.toByteArray();
    }

    /**
     * About how many bytes {@link #write} writes: {@link #payload()} starts its buffer at this size. A message of
     * megabytes (blocks, entries) says its size so its payload is written once into a buffer of that size, not grown
     * by doubling and copied out; an exact hint spares the last copy too. Any value is correct, only slower.
     */
    default int payloadSizeHint() {
        return 64;
    }
}
