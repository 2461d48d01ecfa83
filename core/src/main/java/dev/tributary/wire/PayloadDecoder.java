package dev.tributary.wire;

import dev.tributary.bytes.ByteReader;

/**
 * Reads one message's payload. Implementations throw {@link dev.tributary.bytes.MalformedDataException}
 * for input that does not decode; {@link MessageCodec} turns that into an error value.
 */
@FunctionalInterface
public interface PayloadDecoder {
    Message decode(ByteReader payload);
}
