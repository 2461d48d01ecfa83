package dev.tributary.wire;

import dev.tributary.bytes.ByteWriter;

/**
 * A message other software sends that Tributary recognizes but does not act on (for instance
 * {@code sendcmpct}, {@code feefilter}, {@code wtxidrelay}). Decoding it is not an error and costs the
 * sender no penalty, unlike a command nobody defines. The payload is kept only by size.
 */
public record IgnoredMessage(String command, int payloadSize) implements Message {
    @Override
    public void write(ByteWriter out) {
        throw new UnsupportedOperationException("an ignored message is never sent");
    }
}
