package dev.tributary.chain;

/** A transaction output: an amount in satoshis (int64) and the script that locks it. */
public record TxOutput(long value, byte[] scriptPubKey) {
    /** Smallest serialized output: value and an empty script length. */
    public static final int MIN_SIZE = 8 + 1;
}
