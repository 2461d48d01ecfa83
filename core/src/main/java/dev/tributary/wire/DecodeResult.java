package dev.tributary.wire;

/** The outcome of decoding one payload: a message, or the reason there is none. Never an exception. */
public sealed interface DecodeResult {

    record Decoded(Message message) implements DecodeResult {
    }

    record Failed(WireError error) implements DecodeResult {
    }
}
